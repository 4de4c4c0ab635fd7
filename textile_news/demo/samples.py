"""Sample articles of the offline demo replica of the sjfzxm.com English edition.

These are sample articles written for the offline demo, not copies of sjfzxm.com pages.
"""

from __future__ import annotations

from textile_news.demo.render import DemoArticle

_NOTE = (
    "This is a sample article written for the textile_news offline demo; it is not a copy of "
    "an sjfzxm.com page."
)

SAMPLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        id=576664,
        title="Women's Wear Designers In Shenzhen Present Autumn And Winter Collections",
        published="2020/9/19 11:20:00",
        views=9,
        category="Fashion Trends",
        tags=("Shenzhen Women's Wear", "Fashion Trends"),
        paragraphs=(
            (
                "Women's wear designers in Shenzhen recently presented their autumn and winter "
                "collections at a series of shows and ordering events. Tailored coats, knitted "
                "sets and dresses in earth tones were the highlights, showing the mature and "
                "elegant style for which Shenzhen women's wear is known."
            ),
            (
                "Brand representatives said that the shows combined offline presentations with "
                "online live broadcasts, allowing buyers and consumers in other cities to "
                "watch the new collections in real time. Some brands reported that orders "
                "placed during the events were higher than expected, especially for coats and "
                "knitwear."
            ),
            (
                "Shenzhen has a large number of original women's wear brands and a complete "
                "supply chain. The local garment industry association said it will continue to "
                "support designers, promote the integration of fashion with technology and "
                "culture, and help local brands expand their influence at home and abroad."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Qian Siyu",
        summary=(
            "Women's wear designers in Shenzhen recently presented their autumn and winter "
            "collections at a series of shows and ordering events."
        ),
        related=(576380, 576006, 576473, 576560),
        next_id=576627,
    ),
    DemoArticle(
        id=576627,
        title="Linen And Ramie Fabrics See Steady Demand From Spring Collection Planners",
        published="2020/9/18 15:36:00",
        views=12,
        category="Market Observation",
        tags=("Hemp Textiles",),
        paragraphs=(
            (
                "Linen and ramie fabrics are seeing steady demand as brands start planning "
                "their spring and summer collections for next year. Weaving mills in "
                "Heilongjiang, Hunan and Jiangxi said that inquiries for pure linen, "
                "linen-cotton and ramie blended fabrics have increased in recent weeks, and "
                "some mills have already arranged production for the first quarter of next "
                "year."
            ),
            (
                "Buyers value the cool feeling, breathability and natural texture of bast "
                "fibre fabrics, which suit the growing interest in natural and environmentally "
                "friendly materials. Finishing processes that make linen softer and less "
                "likely to wrinkle are also helping these fabrics enter the casual wear and "
                "home textile markets."
            ),
            (
                "Industry insiders said that the prices of flax raw materials are relatively "
                "stable, but the supply of high-quality fibre is limited. Enterprises are "
                "advised to strengthen cooperation with raw material bases and invest in "
                "research on spinning and finishing technologies, so as to offer brands more "
                "stable quality and a wider choice of products."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Jiang Meiling",
        summary=(
            "Linen and ramie fabrics are seeing steady demand as brands start planning "
            "their spring and summer collections for next year."
        ),
        related=(576137, 576152, 576502),
        next_id=576592,
    ),
    DemoArticle(
        id=576592,
        title="Leather Shoe Makers In Wenzhou Adjust Product Lines For Winter",
        published="2020/9/16 10:51:00",
        views=35,
        category="Industry Dynamics",
        tags=("Footwear", "Wenzhou Shoes"),
        paragraphs=(
            (
                "Leather shoe makers in Wenzhou, Zhejiang Province, are adjusting their "
                "product lines for the coming winter. Factories in Lucheng District said that "
                "orders for boots, warm casual shoes and comfortable business shoes have "
                "increased, while demand for formal leather shoes remains relatively weak. "
                "Some factories have added production lines for women's boots to meet the "
                "orders."
            ),
            (
                "Enterprise managers said that consumers now prefer shoes that are light, soft "
                "and suitable for both work and leisure. Companies are using new soles, "
                "breathable linings and softer leather, and are cutting the time from design "
                "to delivery so that they can follow the changes of the market more closely."
            ),
            (
                "The Wenzhou Shoe Leather Industry Association said that the industry is "
                "accelerating intelligent transformation, with more enterprises using "
                "automatic cutting machines and production management software. It encourages "
                "enterprises to build their own brands and expand domestic sales through "
                "e-commerce and franchise stores."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Pan Yuhang",
        summary=(
            "Leather shoe makers in Wenzhou, Zhejiang Province, are adjusting their "
            "product lines for the coming winter."
        ),
        related=(576058, 576560, 576473),
        next_id=576560,
    ),
    DemoArticle(
        id=576560,
        title="Fujian Clothing Association Promotes Brand Cooperation With Online Platforms",
        published="2020/9/15 14:02:00",
        views=21,
        category="Chamber of Commerce",
        tags=("Fujian Clothing Association",),
        paragraphs=(
            (
                "The Fujian Clothing and Apparel Industry Association recently held a meeting "
                "to promote cooperation between garment brands and online platforms. "
                "Representatives of sportswear, menswear and casual wear enterprises from "
                "Jinjiang, Shishi and Xiamen, together with managers of e-commerce and live "
                "streaming platforms, attended the meeting."
            ),
            (
                "Platform representatives introduced their support policies for brands, "
                "including traffic support, data analysis and the training of live streaming "
                "teams. Enterprises shared their experience of selling through online stores "
                "and short videos during the epidemic, and said that online channels have "
                "become an important growth point of their sales."
            ),
            (
                "The association said that it will act as a bridge between enterprises and "
                "platforms, organise special promotion activities for Fujian clothing brands, "
                "and help small and medium-sized enterprises improve their digital operation "
                "capabilities. It also plans to hold a Fujian clothing online shopping "
                "festival in the fourth quarter, inviting dozens of brands and platforms to "
                "take part."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Cai Xiaoli",
        summary=(
            "The Fujian Clothing and Apparel Industry Association recently held a meeting "
            "to promote cooperation between garment brands and online platforms."
        ),
        related=(576118, 576058, 576380),
        next_id=576531,
    ),
    DemoArticle(
        id=576531,
        title="Cotton Textile Enterprises Report Improved Orders In August Survey",
        published="2020/9/14 9:48:00",
        views=38,
        category="Textile Headlines",
        tags=("China Cotton Textile Association", "Textile Headlines"),
        paragraphs=(
            (
                "A recent survey of cotton textile enterprises showed that orders improved in "
                "August compared with the previous month. More than half of the surveyed "
                "enterprises said that new orders had increased, and the inventory of cotton "
                "yarn and grey cloth continued to decline, while the operating rate of "
                "spinning and weaving enterprises rose slightly."
            ),
            (
                "The China Cotton Textile Association said that the improvement was mainly "
                "driven by the domestic market and the recovery of some export orders. "
                "However, enterprises still face difficulties such as low profits, slow "
                "payment collection and the gap between domestic and international cotton "
                "prices, which affect their competitiveness."
            ),
            (
                "The association suggested that enterprises keep a reasonable level of raw "
                "material stocks, adjust their product structure according to market demand, "
                "and develop high-count, blended and functional yarns. It also called for "
                "policies to ease the supply of cotton import quotas for spinning enterprises."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Zheng Haoran",
        summary=(
            "A recent survey of cotton textile enterprises showed that orders improved in "
            "August compared with the previous month."
        ),
        related=(575912, 576031, 576287, 575973),
        next_id=576502,
    ),
    DemoArticle(
        id=576502,
        title="Recycled Polyester Gains Ground Among Sportswear Suppliers",
        published="2020/9/12 16:14:00",
        views=42,
        category="Industry Dynamics",
        tags=("Recycled Fiber", "Chemical Fiber", "Textile Headlines"),
        paragraphs=(
            (
                "Recycled polyester is gaining ground among suppliers of sportswear and "
                "outdoor clothing. Fibre producers in Zhejiang and Fujian said that orders for "
                "recycled polyester staple fibre and filament made from used plastic bottles "
                "have grown this year, as international and domestic brands set targets for "
                "the use of sustainable materials."
            ),
            (
                "Suppliers noted that brands usually require certification of recycled content "
                "and traceability of the whole production process. To meet these requirements, "
                "enterprises have improved the sorting and cleaning of raw materials, and some "
                "have introduced chemical recycling technology to produce recycled fibre with "
                "a quality close to that of virgin polyester."
            ),
            (
                "Industry experts said that the cost of recycled polyester is still higher "
                "than that of ordinary products, and the collection system for waste textiles "
                "needs to be improved. With the support of policies and the growing awareness "
                "of consumers, recycled fibre is expected to become an important direction for "
                "the chemical fibre industry."
            ),
            _NOTE,
        ),
        contributor="Luo Jiahui",
        summary=(
            "Recycled polyester is gaining ground among suppliers of sportswear and "
            "outdoor clothing."
        ),
        related=(576031, 576287, 575948),
        next_id=576473,
    ),
    DemoArticle(
        id=576473,
        title="Children's Wear Brands Focus On Comfort And Safety For New School Term",
        published="2020/9/11 10:37:00",
        views=73,
        category="Fashion Trends",
        tags=("Children's Wear",),
        paragraphs=(
            (
                "With the start of the new school term, children's wear brands are focusing on "
                "comfort and safety in their autumn products. Sales of school-style jackets, "
                "sweatshirts, trousers and sports shoes have risen in shopping malls and on "
                "e-commerce platforms, and parents are paying close attention to fabric "
                "composition and product labels."
            ),
            (
                "Designers said that soft cotton, breathable knitted fabrics and easy-care "
                "blends are the first choice for children's clothes. Details such as rounded "
                "zippers, no drawstrings at the neck and reflective strips are increasingly "
                "common, in line with national safety standards for children's textile "
                "products."
            ),
            (
                "Market regulators reminded consumers to buy children's clothing through "
                "regular channels, check the safety category and washing instructions on "
                "labels, and wash new clothes before wearing them. Industry insiders expect "
                "the children's wear market to maintain steady growth as families pay more "
                "attention to quality."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Xie Wenjing",
        summary=(
            "With the start of the new school term, children's wear brands are focusing on "
            "comfort and safety in their autumn products."
        ),
        related=(576006, 576380, 576664),
        next_id=576445,
    ),
    DemoArticle(
        id=576445,
        title="Australian Wool Auction Prices Under Pressure As Chinese Buyers Hold Back",
        published="2020/9/10 15:09:00",
        views=26,
        category="Market Observation",
        tags=("China Wool Association", "Wool Market"),
        paragraphs=(
            (
                "Wool prices at Australian auctions remained under pressure this week, as "
                "Chinese buyers, who account for the majority of purchases, held back. The "
                "Eastern Market Indicator fell again, and the pass-in rate rose at several "
                "sales, showing that sellers were unwilling to accept the lower prices."
            ),
            (
                "Chinese wool traders and top makers said that orders for worsted fabrics and "
                "knitwear have not recovered to normal levels, and many enterprises still hold "
                "stocks of raw wool and tops purchased earlier. They prefer to buy only for "
                "confirmed orders, which has limited demand at auction."
            ),
            (
                "The China Wool Association said that the domestic wool textile industry is "
                "gradually recovering, and the demand for autumn and winter products will "
                "bring some support. However, the international market remains uncertain, and "
                "enterprises should manage inventories carefully and pay attention to changes "
                "in exchange rates and freight costs."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Tang Zhiwei",
        summary=(
            "Wool prices at Australian auctions remained under pressure this week, as "
            "Chinese buyers, who account for the majority of purchases, held back."
        ),
        related=(576083, 576006, 575912),
        next_id=576416,
    ),
    DemoArticle(
        id=576397,
        title="Shandong Textile Association Discusses Industrial Chain Cooperation",
        published="2020/9/9 11:26:00",
        views=15,
        category="Chamber of Commerce",
        tags=("Shandong Textile Industry Association",),
        paragraphs=(
            (
                "The Shandong Textile Industry Association recently held a symposium on "
                "industrial chain cooperation, inviting enterprises from the cotton spinning, "
                "chemical fibre, printing and dyeing, garment and home textile sectors to "
                "discuss how to strengthen upstream and downstream links. The meeting was held "
                "at a time when enterprises are working to recover from the impact of the "
                "epidemic."
            ),
            (
                "Participants said that cooperation along the industrial chain can reduce "
                "communication costs, shorten delivery time and improve the ability to respond "
                "to market changes. Several enterprises introduced their experience in the "
                "joint development of new products, such as functional yarns and fabrics for "
                "sportswear and medical textiles."
            ),
            (
                "The association said that it will build a platform for supply and demand "
                "docking, organise regular exchange activities and promote cooperation between "
                "enterprises, universities and research institutes, so as to enhance the "
                "overall competitiveness of Shandong's textile industry. A list of key "
                "cooperation projects will be released before the end of the year."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Yang Jing",
        summary=(
            "The Shandong Textile Industry Association recently held a symposium on "
            "industrial chain cooperation, inviting enterprises from the cotton spinning, "
            "chemical fibre, printing and dyeing, garment and home textile sectors to "
            "discuss how to strengthen upstream and downstream links."
        ),
        related=(576416, 576259, 576109, 576104),
        next_id=576380,
    ),
    DemoArticle(
        id=576380,
        title="Fumin Fashion City: Capital Of Southern Style Clothing",
        published="2020/9/8 16:05:00",
        views=87,
        category="Fashion Trends",
        tags=("Humen Clothing", "Fumin Fashion City"),
        paragraphs=(
            (
                "Fumin fashion city: the capital of southern style clothing, Fumin fashion "
                "city opens the prelude of 2020 new product release the first autumn and "
                "winter fashion trend live broadcast of Fumin fashion city in 2020 will be "
                "launched in Fumin fashion city, the capital of southern style clothing, on "
                'September 8. Fumin fashion city, as one of the "top ten garment professional '
                'markets in China", is the business leader of Humen. It gathers all kinds of '
                "clothing, especially women's clothing."
            ),
            (
                "The event will show the new autumn and winter products of merchants in the "
                "market through live streaming, bringing together designers, shop owners and "
                "online anchors. Buyers from across the country can watch the show online, see "
                "the fabrics and details of the new clothes, and place orders directly, which "
                "helps merchants save costs and reach new customers."
            ),
            (
                "Humen, in Dongguan, Guangdong Province, is known as a famous town of Chinese "
                "women's wear. In recent years, Fumin fashion city has been actively promoting "
                "the integration of the professional market with e-commerce and live "
                "streaming, helping merchants move from wholesale to original design and brand "
                "operation."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Feng Lei",
        summary=(
            "Fumin fashion city: the capital of southern style clothing, Fumin fashion "
            "city opens the prelude of 2020 new product release the first autumn and "
            "winter fashion trend live broadcast of Fumin fashion city in 2020 will be "
            "launched in Fumin fashion city, the capital of southern style clothing, on "
            'September 8. Fumin fashion city, as one of the "top ten garment professional '
            'markets in China", is the business leader of Humen. It gathers all kinds of '
            "clothing, especially women's clothing."
        ),
        related=(576118, 576006, 576664, 576226),
        next_id=576352,
    ),
    DemoArticle(
        id=576352,
        title="Shengze Textile Market Reports Busy Trading Ahead Of Peak Season",
        published="2020/9/8 8:47:00",
        views=49,
        category="Textile Headlines",
        tags=("Textile Headlines", "Shengze"),
        paragraphs=(
            (
                "The China Oriental Silk Market in Shengze, Suzhou, has been busy recently, "
                "with trading volume rising ahead of the traditional peak season. Merchants "
                "said that orders for chiffon, imitation silk and polyester elastic fabrics "
                "for autumn and winter clothing have increased, and the operating rate of "
                "weaving enterprises in the surrounding area has recovered."
            ),
            (
                "However, market participants also noted that prices of grey fabrics have not "
                "risen significantly, as inventories accumulated in the first half of the year "
                "still need to be digested. Many weaving enterprises are arranging production "
                "according to orders and avoiding a blind expansion of output."
            ),
            (
                "Shengze is one of the most important bases of silk and chemical fibre weaving "
                "in China. Local textile enterprises are investing in new looms and digital "
                "management systems, and the market is promoting online trading platforms to "
                "help merchants reach more customers."
            ),
            _NOTE,
        ),
        contributor="Deng Xiaoyu",
        summary=(
            "The China Oriental Silk Market in Shengze, Suzhou, has been busy recently, "
            "with trading volume rising ahead of the traditional peak season."
        ),
        related=(576031, 576137, 576287),
        next_id=576318,
    ),
    DemoArticle(
        id=576318,
        title="Denim Producers In Xintang Upgrade Washing Processes",
        published="2020/9/7 9:33:00",
        views=57,
        category="Industry Dynamics",
        tags=("Denim", "Dyeing And Finishing"),
        paragraphs=(
            (
                "Denim producers in Xintang, Zengcheng District of Guangzhou, are upgrading "
                "their washing and finishing processes to meet stricter environmental "
                "requirements and the demands of brand customers. Laser finishing, ozone "
                "washing and low-water washing technologies are replacing some traditional "
                "processes that consume large amounts of water and chemicals."
            ),
            (
                "The head of one denim washing plant said that the laser equipment can produce "
                "worn effects on jeans quickly and accurately, reducing the use of "
                "sandblasting and potassium permanganate spraying. Although the investment is "
                "large, the new processes improve working conditions and help the company win "
                "orders from international brands that have sustainability targets."
            ),
            (
                "Local authorities said that Xintang will continue to guide washing "
                "enterprises into the centralised industrial park, where wastewater is treated "
                "in a unified way. The town hopes to transform from a base of low-cost "
                "processing into a centre of denim design, technology and brands."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Hu Yiwen",
        summary=(
            "Denim producers in Xintang, Zengcheng District of Guangzhou, are upgrading "
            "their washing and finishing processes to meet stricter environmental "
            "requirements and the demands of brand customers."
        ),
        related=(575948, 576174, 576502),
        next_id=576287,
    ),
    DemoArticle(
        id=576287,
        title="Viscose Staple Fibre Prices Rebound On Downstream Restocking",
        published="2020/9/6 10:55:00",
        views=31,
        category="Market Observation",
        tags=("Chemical Fiber", "Textile Headlines"),
        paragraphs=(
            (
                "Prices of viscose staple fibre rebounded this week as downstream spinning "
                "mills restocked. Mainstream quotations for ordinary 1.2D fibre rose by "
                "several hundred yuan per ton, and some producers suspended low-price sales, "
                "reflecting improved confidence in the market after a long period of weak "
                "prices."
            ),
            (
                "Market sources said that inventories at viscose producers have declined from "
                "their peak, and the operating rate of rayon yarn mills has increased with the "
                "arrival of the peak season. However, further rises in prices still depend on "
                "continued orders for fabrics and garments, and many mills remain cautious "
                "about purchasing at high prices."
            ),
            (
                "Analysts pointed out that the cost of dissolving pulp is relatively stable "
                "and the supply of viscose remains sufficient. In the short term, prices are "
                "expected to rise slightly, but a sharp increase is unlikely. Enterprises "
                "should watch the changes in downstream demand closely."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Ma Lijun",
        summary=(
            "Prices of viscose staple fibre rebounded this week as downstream spinning "
            "mills restocked."
        ),
        related=(576031, 575912, 576502),
        next_id=576259,
    ),
    DemoArticle(
        id=576259,
        title="Zhejiang Textile Association Organises Training On Foreign Trade Compliance",
        published="2020/9/5 14:20:00",
        views=18,
        category="Chamber of Commerce",
        tags=("Zhejiang Textile Industry Association",),
        paragraphs=(
            (
                "The Zhejiang Textile Industry Association recently organised a training "
                "course on foreign trade compliance for textile and garment exporters. More "
                "than one hundred managers from export enterprises took part in the course, "
                "which covered product safety standards, labelling rules, social "
                "responsibility audits and the protection of intellectual property."
            ),
            (
                "Trainers explained the latest requirements of the main markets in Europe and "
                "North America on chemical substances in textiles, fibre content labelling and "
                "children's clothing safety, and shared cases of returned goods caused by "
                "failure to meet standards. They reminded enterprises to check the "
                "requirements in contracts carefully and to keep complete production and "
                "testing records."
            ),
            (
                "The association said that compliance has become an important part of the "
                "competitiveness of exporters. It will continue to organise training and "
                "consulting services, and help member enterprises deal with trade barriers and "
                "reduce risks in international business. Further courses on customs procedures "
                "and export credit insurance are planned for the autumn."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Guo Weidong",
        summary=(
            "The Zhejiang Textile Industry Association recently organised a training "
            "course on foreign trade compliance for textile and garment exporters."
        ),
        related=(575973, 576397, 576416, 576118),
        next_id=576226,
    ),
    DemoArticle(
        id=576226,
        title="Hanfu Enthusiasm Drives New Demand For Traditional Fabrics",
        published="2020/9/4 11:42:00",
        views=95,
        category="Fashion Trends",
        tags=("Fashion Trends", "Hanfu"),
        paragraphs=(
            (
                "The popularity of Hanfu, the traditional clothing of the Han nationality, "
                "continues to grow among young Chinese consumers, and this enthusiasm is "
                "driving new demand for traditional fabrics. Manufacturers of brocade, silk "
                "gauze, jacquard and embroidered fabrics said that orders from Hanfu brands "
                "have increased markedly this year."
            ),
            (
                "Hanfu brands are no longer satisfied with simple printed fabrics. They are "
                "looking for materials with traditional patterns, good drape and a "
                "high-quality feel, and many cooperate with fabric mills to develop exclusive "
                "designs. Some brands also combine traditional elements with modern cutting so "
                "that the clothes can be worn in daily life."
            ),
            (
                "Industry observers said that the Hanfu market has shown how cultural "
                "confidence can create consumption. However, problems such as the copying of "
                "designs and uneven quality still exist, and the industry needs standards and "
                "stronger protection of intellectual property to develop in a healthy way."
            ),
            _NOTE,
        ),
        contributor="observer of world service website He Shuang",
        summary=(
            "The popularity of Hanfu, the traditional clothing of the Han nationality, "
            "continues to grow among young Chinese consumers, and this enthusiasm is "
            "driving new demand for traditional fabrics."
        ),
        related=(576137, 576006, 576380),
        next_id=576190,
    ),
    DemoArticle(
        id=576190,
        title=(
            'Local Hot Spots: See How Garment People Will Actively "Do Things" In Xi '
            "County, Henan Province"
        ),
        published="2020/9/3 17:48:00",
        views=62,
        category="Chamber of Commerce",
        tags=("Henan Clothing Industry Association", "Textile Headlines"),
        paragraphs=(
            (
                "In recent years, Xi County in Henan Province has made the garment industry an "
                "important way to promote local employment and attract returning "
                "entrepreneurs. Garment people who once worked in the coastal areas have come "
                "back to their hometown to set up factories, bringing with them technology, "
                "orders and management experience."
            ),
            (
                "In the county's garment industrial park, workers are busy on the production "
                "lines making jackets, trousers and children's wear for brands in Zhejiang and "
                "Guangdong. Local officials said that the county provides standard workshops, "
                "training for skilled workers and convenient services for enterprises, and has "
                "set up small workshops in villages so that residents can work near their "
                "homes."
            ),
            (
                'Entrepreneurs said that the county is willing to "do things" for '
                "enterprises and solves problems quickly. Next, Xi County plans to introduce "
                "more supporting enterprises for fabrics, accessories and printing, and to "
                "cultivate its own brands, forming a more complete garment industrial chain."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Liu Mengyao",
        summary=(
            "In recent years, Xi County in Henan Province has made the garment industry an "
            "important way to promote local employment and attract returning entrepreneurs."
        ),
        related=(576104, 576109, 576118, 576121, 576416),
        next_id=576174,
    ),
    DemoArticle(
        id=576174,
        title="Textile Machinery Makers Report Rising Demand For Automated Looms",
        published="2020/9/3 10:08:00",
        views=27,
        category="Textile Headlines",
        tags=("Textile Machinery",),
        paragraphs=(
            (
                "Textile machinery manufacturers report that demand for automated looms and "
                "intelligent spinning equipment has risen since the summer. Producers of "
                "air-jet looms and water-jet looms in Zhejiang and Jiangsu said their order "
                "books are fuller than in the first half of the year, as weaving enterprises "
                "replace old machines to reduce labour and improve efficiency."
            ),
            (
                "Industry experts said that rising labour costs and the difficulty of "
                "recruiting workers are pushing textile enterprises to use more automatic "
                "equipment. Automatic doffing, automatic yarn transport and online monitoring "
                "systems are increasingly used in spinning mills, and digital workshops help "
                "managers track output and quality in real time."
            ),
            (
                "Machinery makers also noted that customers now pay more attention to energy "
                "consumption and after-sales service. Enterprises are strengthening research "
                "and development of key parts, improving the stability of equipment and "
                "providing remote maintenance services, hoping to win more market share at "
                "home and abroad."
            ),
            _NOTE,
        ),
        contributor="Lin Zhiyong",
        summary=(
            "Textile machinery manufacturers report that demand for automated looms and "
            "intelligent spinning equipment has risen since the summer."
        ),
        related=(575948, 576318, 576531),
        next_id=576152,
    ),
    DemoArticle(
        id=576152,
        title="Home Textile Enterprises In Nantong Prepare For Autumn Trade Fair",
        published="2020/9/2 15:31:00",
        views=33,
        category="Industry Dynamics",
        tags=("Home Textiles", "Nantong Home Textile"),
        paragraphs=(
            (
                "Home textile enterprises in Nantong, Jiangsu Province, are busy preparing for "
                "the autumn home textile trade fair. Exhibitors at the Dieshiqiao "
                "international home textile market are launching new quilts, bedding sets and "
                "curtains, with designs focusing on natural colours, antibacterial functions "
                "and a comfortable touch."
            ),
            (
                "A sales manager of one bedding company said that domestic demand for home "
                "textiles has recovered quickly since the second quarter, and online orders "
                "have increased significantly. Consumers spend more time at home and pay more "
                "attention to the quality of sleep, so products such as silk quilts, pure "
                "cotton sheets and washable pillows are selling well."
            ),
            (
                "The organiser said that the fair will combine physical exhibitions with "
                "online matchmaking and live streaming, so that buyers who cannot come to the "
                "site can also view products and place orders. Nantong will continue to "
                "support enterprises in design innovation and brand building to strengthen the "
                "competitiveness of its home textile cluster."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Gu Yanqing",
        summary=(
            "Home textile enterprises in Nantong, Jiangsu Province, are busy preparing for "
            "the autumn home textile trade fair."
        ),
        related=(575973, 576627, 576502),
        next_id=576137,
    ),
    DemoArticle(
        id=576137,
        title="Silk Cocoon Purchase Prices Steady In Guangxi Autumn Season",
        published="2020/9/2 9:14:00",
        views=44,
        category="Market Observation",
        tags=("Silk Industry",),
        paragraphs=(
            (
                "Purchase prices of fresh cocoons in Guangxi remained generally stable during "
                "the autumn cocoon season. Silk enterprises in Yizhou, Hengxian and other "
                "major sericulture counties said that the quality of cocoons this season is "
                "good, and the price of high-quality cocoons is slightly higher than that of "
                "last month."
            ),
            (
                "Guangxi is the largest cocoon producing region in China. Affected by weak "
                "demand for silk products in the international market this year, raw silk "
                "prices fell in the first half, and some filatures reduced production. With "
                "the gradual recovery of orders for silk fabrics and silk garments, filatures "
                "have increased purchases of cocoons, which has helped stabilise the income of "
                "farmers."
            ),
            (
                "Industry insiders suggested that local governments and enterprises should "
                "continue to improve mulberry varieties and breeding techniques, extend the "
                "industrial chain to silk fabrics and silk quilts, and develop the deep "
                "processing of by-products, so as to raise the overall benefits of the "
                "sericulture and silk industry."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Wei Lanlan",
        summary=(
            "Purchase prices of fresh cocoons in Guangxi remained generally stable during "
            "the autumn cocoon season."
        ),
        related=(576352, 576226, 576083),
        next_id=576121,
    ),
    DemoArticle(
        id=576121,
        title=(
            "Liu Jiaqiang Was Elected As The New President Of The 6Th General Meeting And "
            "The 1St Council Of The 6Th Maoist Association"
        ),
        published="2020/9/1 14:55:00",
        views=39,
        category="Chamber of Commerce",
        tags=("Sweater Industry Association", "China Wool Association"),
        paragraphs=(
            (
                "The sixth general meeting of members of the woollen sweater association and "
                "the first meeting of its sixth council were held recently. The meeting "
                "reviewed the work report of the fifth council, adopted the revised articles "
                "of association and elected the new leadership. Liu Jiaqiang was elected as "
                "the new president of the association."
            ),
            (
                "The report of the fifth council said that during the past term the "
                "association had organised sweater fairs, design competitions and technical "
                "training, and had helped members deal with changes in raw material prices and "
                "export markets. The number of member enterprises has continued to grow, and "
                "the influence of the regional sweater brand has increased."
            ),
            (
                "In his speech after the election, Liu Jiaqiang thanked the members for their "
                "trust. He said the new council will serve enterprises wholeheartedly, promote "
                "the application of computerised flat knitting machines and new yarns, "
                "strengthen brand building and help the sweater industry move towards higher "
                "quality and higher added value."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Wu Jianhua",
        summary=(
            "The sixth general meeting of members of the woollen sweater association and "
            "the first meeting of its sixth council were held recently."
        ),
        related=(576083, 576104, 576109, 576118),
        next_id=576118,
    ),
    DemoArticle(
        id=576118,
        title="Association News: Guangdong Clothing Industry Association",
        published="2020/9/1 14:06:00",
        views=71,
        category="Chamber of Commerce",
        tags=("Guangdong Clothing Industry Association",),
        paragraphs=(
            (
                "The Guangdong Clothing Industry Association recently held a working meeting "
                "to summarise its work in the first half of the year and plan the main tasks "
                "for the rest of 2020. Leaders of the association, representatives of member "
                "enterprises and heads of local clothing associations in the Pearl River Delta "
                "attended the meeting."
            ),
            (
                "The meeting reported that, during the epidemic, the association helped member "
                "enterprises resume production, coordinated the conversion of production lines "
                "to protective products and organised online fashion events to support sales. "
                "Many enterprises in Guangzhou, Shenzhen, Dongguan and Foshan have adjusted "
                "their channels and are paying more attention to live streaming and community "
                "retail."
            ),
            (
                "For the next stage, the association will focus on brand promotion, talent "
                "training and the digital upgrading of garment factories, and will continue to "
                "build exchange platforms between enterprises, designers and markets, helping "
                "Guangdong's clothing industry maintain its leading position in the country."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Lin Xiaofang",
        summary=(
            "The Guangdong Clothing Industry Association recently held a working meeting "
            "to summarise its work in the first half of the year and plan the main tasks "
            "for the rest of 2020."
        ),
        related=(576104, 576109, 576121, 576380, 576560),
        next_id=576109,
    ),
    DemoArticle(
        id=576109,
        title=(
            "Li Lingshen, Vice President Of China Textile Federation, Visited Qingdao "
            "University For Investigation And Exchange"
        ),
        published="2020/9/1 10:53:00",
        views=58,
        category="Chamber of Commerce",
        tags=("China Textile Industry Federation", "Textile Education"),
        paragraphs=(
            (
                "Li Lingshen, vice president of the China Textile Industry Federation, "
                "recently visited Qingdao University for investigation and exchange. He toured "
                "the laboratories of the College of Textiles and Clothing, learned about "
                "research on new fibre materials, functional textiles and intelligent garment "
                "manufacturing, and held talks with university leaders and teachers."
            ),
            (
                "At the meeting, the university introduced its achievements in discipline "
                "construction, personnel training and cooperation with enterprises. Li "
                "Lingshen affirmed the contribution of the university to the textile and "
                "clothing industry and said that colleges and universities are an important "
                "source of scientific and technological innovation and of talent for the "
                "industry."
            ),
            (
                "He hoped that the university would strengthen cooperation with industry "
                "associations and enterprises, focus on the key technologies needed by the "
                "industry, and promote the transformation of scientific research results into "
                "products, so as to support the high-quality development of the textile "
                "industry in Shandong and across the country."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Zhao Qianqian",
        summary=(
            "Li Lingshen, vice president of the China Textile Industry Federation, "
            "recently visited Qingdao University for investigation and exchange."
        ),
        related=(576104, 576118, 576121, 576416),
        next_id=576104,
    ),
    DemoArticle(
        id=576104,
        title=(
            "Gao Yong, Secretary General Of The Party Committee And Secretary General Of "
            "The China Textile Industry Federation"
        ),
        published="2020/9/1 10:22:00",
        views=46,
        category="Chamber of Commerce",
        tags=("China Textile Industry Federation",),
        paragraphs=(
            (
                "Gao Yong, secretary of the Party Committee and secretary general of the China "
                "Textile Industry Federation, recently attended a symposium on the work of the "
                "textile industry in the second half of 2020. Representatives of provincial "
                "textile associations, professional associations and key enterprises reported "
                "on the operation of the industry since the beginning of the year and the "
                "difficulties they are facing."
            ),
            (
                "In his speech, Gao Yong said that the textile industry has withstood severe "
                "tests this year, and production and operation are recovering step by step. He "
                "called on associations to do a good job in monitoring industry operation, "
                "reflect the demands of enterprises to the relevant departments in time, and "
                "help enterprises make use of policies on tax reduction, financing and "
                "employment stabilisation."
            ),
            (
                "He also stressed that the industry should seize the opportunities brought by "
                "the domestic market, accelerate technological innovation, brand building and "
                "digital transformation, and continue to promote green development, so as to "
                "lay a good foundation for the development of the industry during the 14th "
                "Five-Year Plan period."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Sun Haitao",
        summary=(
            "Gao Yong, secretary of the Party Committee and secretary general of the China "
            "Textile Industry Federation, recently attended a symposium on the work of the "
            "textile industry in the second half of 2020."
        ),
        related=(576109, 576118, 576121, 576190, 576416),
        next_id=576083,
    ),
    DemoArticle(
        id=576083,
        title="China Wool Association Holds Seminar On Fine Wool Standards",
        published="2020/8/31 17:03:00",
        views=23,
        category="Chamber of Commerce",
        tags=("China Wool Association",),
        paragraphs=(
            (
                "The China Wool Association recently held a seminar on fine wool standards, "
                "bringing together representatives of wool producing areas, wool processing "
                "enterprises, testing institutions and research institutes. The participants "
                "discussed the revision of standards for the grading, sampling and testing of "
                "fine wool and semi-fine wool, and the connection between domestic standards "
                "and international trading practice."
            ),
            (
                "Experts said that the quality of domestic fine wool has improved in recent "
                "years, but problems such as uneven classification, inconsistent packing and "
                "the lack of objective measurement still affect its price and its use in "
                "high-end worsted products. Improving standards will help herders sell wool at "
                "reasonable prices and help processing enterprises obtain stable raw materials."
            ),
            (
                "The association said it will continue to promote objective testing and "
                "classified sales of wool, work with producing areas to carry out training for "
                "shearers and classifiers, and strengthen cooperation along the whole "
                "industrial chain from pasture to fabric. It will also publish market "
                "information regularly to guide production and purchasing."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Xu Yanan",
        summary=(
            "The China Wool Association recently held a seminar on fine wool standards, "
            "bringing together representatives of wool producing areas, wool processing "
            "enterprises, testing institutions and research institutes."
        ),
        related=(576445, 576121, 576006),
        next_id=576058,
    ),
    DemoArticle(
        id=576058,
        title="Jinjiang Footwear Makers Turn To Cross-Border E-Commerce",
        published="2020/8/31 9:27:00",
        views=81,
        category="Industry Dynamics",
        tags=("Footwear", "Jinjiang Shoes"),
        paragraphs=(
            (
                "Faced with changes in the international market, more and more footwear makers "
                "in Jinjiang, Fujian Province, are turning to cross-border e-commerce. Local "
                "officials said that the number of shoe enterprises opening online stores on "
                "overseas platforms has risen markedly this year, and some enterprises have "
                "set up independent websites to sell sports shoes and casual shoes directly to "
                "consumers abroad."
            ),
            (
                "The owner of one shoe factory said that the company used to rely on orders "
                "from foreign trading companies, with thin profits and long payment periods. "
                "After entering cross-border e-commerce, the company can receive feedback from "
                "consumers directly and adjust styles quickly. Small batch production lines "
                "have been set up to match the fast rhythm of online sales."
            ),
            (
                "Jinjiang has organised training courses on cross-border e-commerce operation, "
                "logistics and payment for enterprises, and is building overseas warehouses "
                "with logistics companies. The local footwear association said it will help "
                "enterprises protect their brands and designs, and avoid low-price competition "
                "in overseas markets."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Huang Mingxuan",
        summary=(
            "Faced with changes in the international market, more and more footwear makers "
            "in Jinjiang, Fujian Province, are turning to cross-border e-commerce."
        ),
        related=(576592, 576560, 575973),
        next_id=576031,
    ),
    DemoArticle(
        id=576031,
        title="Polyester Filament Market Stabilises After Weeks Of Decline",
        published="2020/8/29 11:18:00",
        views=29,
        category="Market Observation",
        tags=("Chemical Fiber", "Textile Headlines"),
        paragraphs=(
            (
                "After several weeks of decline, the polyester filament market has shown signs "
                "of stabilising. Prices of POY, FDY and DTY in the Jiangsu and Zhejiang region "
                "stopped falling this week, and some producers raised their quotations "
                "slightly as the cost of the raw materials PTA and MEG rebounded."
            ),
            (
                "Sales of polyester filament improved in the middle of the week, with the "
                "production and sales ratio of some large factories exceeding one hundred "
                "percent for several days. Weaving enterprises in Shengze and Changxing took "
                "the opportunity to restock, but the inventory of grey fabric is still high, "
                "and the operating rate of looms has not fully recovered."
            ),
            (
                'Market observers said that the traditional peak season of "golden September '
                'and silver October" may bring some support to demand, but the overall supply '
                "of polyester remains sufficient. Prices are expected to move in a narrow "
                "range in the short term, and enterprises should pay attention to changes in "
                "crude oil prices and terminal orders."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Zhou Jianguo",
        summary=(
            "After several weeks of decline, the polyester filament market has shown signs "
            "of stabilising."
        ),
        related=(576287, 576502, 576352, 575912),
        next_id=576006,
    ),
    DemoArticle(
        id=576006,
        title="Autumn Knitwear Trends: Soft Colours And Relaxed Silhouettes Lead The Season",
        published="2020/8/28 16:40:00",
        views=64,
        category="Fashion Trends",
        tags=("Knitwear",),
        paragraphs=(
            (
                "As the weather turns cooler, knitwear is once again becoming the focus of "
                "autumn wardrobes. This season, designers favour soft colours such as oatmeal, "
                "camel, misty blue and light grey, which give a warm and quiet feeling and are "
                "easy to match with coats and trousers in daily wear."
            ),
            (
                "In terms of silhouette, loose cardigans, oversized pullovers and long knitted "
                "dresses remain popular. Relaxed shapes reflect consumers' demand for comfort "
                "after spending more time at home this year. At the same time, details such as "
                "cable patterns, ribbed cuffs and contrasting collars add interest to simple "
                "styles without making them look complicated."
            ),
            (
                "Yarn suppliers said that blends of wool, cashmere and recycled fibres are "
                "receiving more inquiries from brands. Retailers are advised to prepare basic "
                "colours in sufficient quantity and test fashion colours in small batches, so "
                "as to respond to changes in the market in time."
            ),
            _NOTE,
        ),
        contributor="Li Hongmei",
        summary=(
            "As the weather turns cooler, knitwear is once again becoming the focus of "
            "autumn wardrobes."
        ),
        related=(576226, 576380, 576664, 576445),
        next_id=575973,
    ),
    DemoArticle(
        id=575973,
        title="Textile And Garment Exports Recover In July As Overseas Orders Return",
        published="2020/8/27 10:05:00",
        views=118,
        category="Textile Headlines",
        tags=("Textile Headlines", "Textile Exports", "China Textile Industry Federation"),
        paragraphs=(
            (
                "China's textile and garment exports continued to recover in July as overseas "
                "orders gradually returned. Customs data show that exports of textiles, "
                "including yarn, fabrics and made-up articles, remained at a high level "
                "because of strong demand for protective products, while garment exports "
                "turned to growth for the first time this year compared with the same month of "
                "last year."
            ),
            (
                "Exporters in Zhejiang, Jiangsu and Guangdong said that orders from Europe and "
                "the United States increased in July and August, mainly for autumn and winter "
                "clothing and home textile products. However, the order cycle has become "
                "shorter and customers are more careful, with many placing small orders and "
                "asking for fast delivery. Some enterprises also face pressure from rising "
                "freight costs and the appreciation of the renminbi."
            ),
            (
                "Industry insiders believe that the export situation in the second half of the "
                "year is still uncertain. Enterprises should strengthen communication with "
                "customers, improve their ability to respond quickly, and explore emerging "
                "markets along the Belt and Road, so as to stabilize their share in the "
                "international market."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Chen Yuting",
        summary=(
            "China's textile and garment exports continued to recover in July as overseas "
            "orders gradually returned."
        ),
        related=(575912, 576531, 576104, 576259),
        next_id=575948,
    ),
    DemoArticle(
        id=575948,
        title="Keqiao Printing And Dyeing Enterprises Speed Up Energy-Saving Renovation",
        published="2020/8/26 15:12:00",
        views=52,
        category="Industry Dynamics",
        tags=("Dyeing And Finishing",),
        paragraphs=(
            (
                "Printing and dyeing enterprises in Keqiao District of Shaoxing, Zhejiang "
                "Province, are speeding up energy-saving and emission-reduction renovation. "
                "According to the local textile industry association, more than forty "
                "enterprises have started projects this year to replace old dyeing machines, "
                "recover waste heat and upgrade wastewater treatment facilities, with a total "
                "investment of several hundred million yuan."
            ),
            (
                "A person in charge of one dyeing enterprise said that the new low liquor "
                "ratio dyeing machines save about thirty percent of water and steam compared "
                "with the old equipment, and the colour matching system linked to the digital "
                "workshop has raised the one-time success rate of dyeing. The cost of each "
                "batch has fallen, and delivery time is shorter, which is important for "
                "small-batch orders from garment brands."
            ),
            (
                "The relevant departments said that green and intelligent transformation is "
                "the only way for the printing and dyeing industry to achieve high-quality "
                "development. Keqiao will continue to guide enterprises to gather in the "
                "industrial park, strengthen supervision of pollutant discharge and support "
                "enterprises in applying for green factory certification."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Wang Xiaoming",
        summary=(
            "Printing and dyeing enterprises in Keqiao District of Shaoxing, Zhejiang "
            "Province, are speeding up energy-saving and emission-reduction renovation."
        ),
        related=(576318, 576174, 576502),
        next_id=575912,
    ),
    DemoArticle(
        id=575912,
        title="Cotton Prices Edge Higher As Xinjiang New Season Approaches",
        published="2020/8/25 9:36:00",
        views=37,
        category="Market Observation",
        tags=("China Cotton Association", "Textile Headlines"),
        paragraphs=(
            (
                "Domestic cotton prices edged higher over the past week as spinning mills "
                "replenished raw material stocks ahead of the new picking season in Xinjiang. "
                "The China Cotton Price Index for grade 3128B lint rose by a little more than "
                "one percent, while the main cotton futures contract on the Zhengzhou "
                "Commodity Exchange also moved up, supported by improving demand for yarn from "
                "downstream weaving enterprises."
            ),
            (
                "Market participants said that purchases by large mills were still cautious. "
                "Many enterprises buy only what they need for production in the next one or "
                "two months, waiting to see the quality and price of the new crop. Cotton yarn "
                "inventories at spinning mills have fallen from their high levels in the "
                "second quarter, and the operating rate of mills in Jiangsu, Shandong and "
                "Henan has gradually returned to normal."
            ),
            (
                "Analysts pointed out that the acquisition price of seed cotton in Xinjiang "
                "will be the key factor for the market in September and October. If the "
                "weather remains favourable, output is expected to be stable, and prices are "
                "likely to fluctuate within a narrow range. Enterprises are advised to arrange "
                "procurement reasonably and make good use of futures tools to manage risks."
            ),
            _NOTE,
        ),
        contributor="observer of world service website Zhang Lihua",
        summary=(
            "Domestic cotton prices edged higher over the past week as spinning mills "
            "replenished raw material stocks ahead of the new picking season in Xinjiang."
        ),
        related=(576031, 576287, 576531, 576445),
        next_id=575948,
    ),
)
