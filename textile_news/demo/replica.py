"""The articles of the replica site: the reference article, then the samples, in English;
the Chinese edition's samples (``samples/zh.toml``).

The reference article's text is exactly the reader's text of
http://www.sjfzxm.com/global/en/576416.html (shared/reference/sjfzxm-576416.txt). Its
id, date, views, tag, contributor, related items and next article are as that page shows
them; the ids of the linked articles are not shown there and were assigned here, rising
with their dates as the site's ids do.
"""

from __future__ import annotations

from textile_news.demo.render import DemoArticle
from textile_news.demo.render_zh import ChineseArticle
from textile_news.demo.samples import CHINESE_SAMPLES, SAMPLES

REFERENCE = DemoArticle(
    id=576416,
    title="Shanxi Textile Industry Industry Industry Innovation Alliance Preparatory Meeting Held In Taiyuan",
    published="2020/9/9 23:17:00",
    views=4,
    category="Chamber of Commerce",
    tags=("Shanxi Clothing Association",),
    paragraphs=(
        "The preparatory meeting of Shanxi Textile Industry Innovation Alliance was held in Taiyuan on September 7. Zhao Gensheng, researcher of consumer goods industry department of Shanxi Provincial Department of industry and information technology, Zhang Yanbin, chief staff member, Du Baozhen, chairman of Shanxi Textile Engineering Association, Guo Changsheng, President of Shanxi cotton textile industry association, Jin Yongyong, President of Shanxi Zhongfang Cente Architectural Engineering Design Institute, and Xie Minxi, director of Shanxi Textile product quality inspection and testing center, attended the meeting.",
        "Shanxi Textile Industry Innovation Alliance is a cooperation platform organized by Shanxi Textile Industry Working Committee and led by Shanxi Textile Engineering Society. It is a cooperation platform voluntarily formed by related enterprises, colleges and universities, scientific research institutions, industry associations and financial service institutions of textile and clothing industry chain.",
        'The purpose of this alliance is to combine the current situation of textile industry in our province, focus on the development trend and influence of silk, hemp and wool, under the concept of "big textile", take the innovation of industrial chain as the guidance, stand on the basis of special characteristics, and walk towards the high level, so as to strengthen and optimize the great article of Shanxi Textile characteristics; Based on the innovation of mechanism and technology, we should do a good job in the innovation of materials and fibers, equipment and technology, products and brands, management and marketing, culture and intangible cultural heritage. We should actively promote the full coverage of innovation in the industrial chain, supply chain and enterprises above the designated size, realize the transformation of innovation from "solo dance" to "common dance" and "group dance", and give full play to the conduction effect of the same frequency resonance Should be related to multiplier effect.',
        "This meeting elaborated the necessity, timeliness and importance of establishing industrial innovation alliance, and discussed a series of alliance building work such as the constitution, member composition, organizational structure and operation mode of innovation alliance, so as to reach a consensus for the successful establishment of the alliance. At the same time, we listened to the report on the work of the joint committee in the first half of 2020 and the main tasks of the joint committee in the next half of 2020.",
        'In particular, he affirmed the work of the textile industry union of Mr. Zhang Gensheng, director of the textile industry association, and gave positive comments on the work of the textile industry association of the Ministry of science and technology of Shanxi Province. They pointed out that the joint working committee must pay attention to how the industry and enterprises meet the expectations of the government and the market demand; how to integrate the service supply of the association with the development demand of enterprises; and; How to balance the survival foundation of the association with the ecological environment of the industry, and how to promote the industry to play a role in the "six new" battle, the "six stability" and the "six guarantees" practice, and actively explore, strive to develop, and give play to the indispensable role of social organizations.',
        "It is hoped that the Provincial Textile Joint Working Committee will take the provincial textile industry industrial innovation alliance as the starting point, find out the key points, highlights and breakthrough points, plan and complete the fundamental tasks and system engineering of the Federation from the overall situation, plan for the future and do well in the normal, so as to further enhance the influence, appeal and cohesion of the whole industry and the Federation Cohesion.",
        "The meeting was planned to hold the establishment meeting of Shanxi Textile Industry Innovation Alliance on September 24.",
    ),
    contributor="observer of world service website Liang Junwei",
    summary=(
        "The preparatory meeting of Shanxi Textile Industry Innovation Alliance was held in"
        " Taiyuan on September 7."
    ),
    related=(576190, 576121, 576118, 576109, 576104),
    next_id=576380,
)

ARTICLES: tuple[DemoArticle, ...] = (REFERENCE, *SAMPLES)
CHINESE_ARTICLES: tuple[ChineseArticle, ...] = CHINESE_SAMPLES
