"""Sample articles of the offline demo replica of the sjfzxm.com Chinese edition.

These are sample articles written for the offline demo, not copies of sjfzxm.com pages; each
says so in its last paragraph. Only the URL of 207507 (``/news/difang/20110106/207507.html``)
is a real address; the other ids were chosen to rise with their dates, as the site's do.
"""

from __future__ import annotations

from textile_news.demo.render_zh import ChineseArticle

NOTE = "本文是为 textile_news 离线演示编写的示例文章，并非世界服装鞋帽网网页的副本。"

SAMPLES: tuple[ChineseArticle, ...] = (
    ChineseArticle(
        id=207610,
        channel="hangye",
        category="行业资讯",
        title="羊绒企业加大国内市场开拓力度",
        published="2011年01月08日",
        tags=("羊绒", "内蒙古"),
        paragraphs=(
            "内蒙古的羊绒企业正在加大国内市场开拓力度。企业负责人表示，过去以出口为主的羊绒制品，"
            "如今在国内大中城市的销售逐年增加。",
            "为适应国内消费者的需求，企业在款式设计上更加注重时尚元素，推出了轻薄、易打理的羊绒衫"
            "和围巾等产品，并在商场开设品牌专柜。",
            "业内人士指出，羊绒行业要实现可持续发展，还需要加强原料质量管理，保护草原生态，"
            "并提高精深加工水平。",
            NOTE,
        ),
        summary="内蒙古的羊绒企业正在加大国内市场开拓力度。",
        editor="赵敏",
        related=(207562, 207388),
        next_id=207562,
    ),
    ChineseArticle(
        id=207562,
        channel="difang",
        category="地方资讯",
        title="广东童装企业备战春季订货会",
        published="2011-01-07 14:26:10",
        tags=("童装", "订货会", "广东"),
        paragraphs=(
            "随着春季订货会临近，广东的童装企业正在抓紧准备新品。企业设计人员介绍，今年春季新品"
            "更加注重面料的舒适性和安全性，色彩以明快为主。",
            "据了解，家长在选购童装时越来越关注面料成分和做工质量，纯棉、竹纤维等天然舒适的面料"
            "受到欢迎。不少企业已经通过了相关质量认证，并在吊牌上标明产品的安全技术类别。",
            "当地服装行业协会表示，将组织企业参加各地订货会，帮助企业扩大销售渠道、提升品牌影响力。",
            NOTE,
        ),
        summary="随着春季订货会临近，广东的童装企业正在抓紧准备新品。",
        editor="李明",
        source="纺织服装周刊",
        author="刘洋",
        related=(207507, 207466),
        next_id=207507,
    ),
    ChineseArticle(
        id=207507,
        channel="difang",
        category="地方资讯",
        title="绍兴纺织企业加快转型升级步伐",
        published="2011-01-06 09:12:33",
        tags=("绍兴", "纺织企业", "转型升级"),
        paragraphs=(
            "新年伊始，浙江绍兴的纺织企业纷纷加快转型升级步伐。记者在柯桥走访时看到，不少企业"
            "正在更新织机、改造印染设备，并加大新产品开发力度。",
            "当地行业协会介绍，绍兴已形成化纤、纺织、印染、服装较为完整的产业链，但部分企业仍以"
            "加工为主，产品附加值不高。面对原料价格上涨和用工成本增加，企业普遍认识到，只有依靠"
            "技术进步和品牌建设才能保持竞争力。",
            "一些企业负责人表示，今年将把更多资金投向研发和节能减排，同时积极参加国内外展会，"
            "开拓新的市场。",
            NOTE,
        ),
        summary="新年伊始，浙江绍兴的纺织企业纷纷加快转型升级步伐。",
        editor="李明",
        source="中国纺织报",
        author="王丽",
        related=(207466, 207388),
        next_id=207466,
    ),
    ChineseArticle(
        id=207466,
        channel="hangye",
        category="行业资讯",
        title="纺织服装出口企业积极应对成本上升",
        published="2011年01月05日 16:40",
        tags=("纺织服装", "出口"),
        paragraphs=(
            "进入新年，纺织服装出口企业普遍面临原料、用工和汇率等多方面的成本压力。多家企业表示，"
            "去年下半年以来接单价格虽有所提高，但利润空间仍然有限。",
            "业内人士认为，企业应当加强内部管理，提高生产效率，同时通过开发功能性面料和自主设计，"
            "提升产品档次，减少对低价订单的依赖。",
            "部分企业还在积极开拓新兴市场，并尝试在国内市场建立销售渠道，以分散经营风险。",
            NOTE,
        ),
        summary="进入新年，纺织服装出口企业普遍面临原料、用工和汇率等多方面的成本压力。",
        editor="张敏",
        related=(207507, 207388),
        next_id=207388,
    ),
    ChineseArticle(
        id=207388,
        channel="shichang",
        category="市场行情",
        title="棉花价格高位运行 纺纱企业谨慎采购",
        published="2011-01-04 10:05:00",
        tags=("棉花", "棉纱", "价格"),
        paragraphs=(
            "近期国内棉花价格继续在高位运行，纺纱企业采购态度较为谨慎。多数企业表示，目前只按订单"
            "需要少量采购，原料库存维持在较低水平。",
            "市场人士分析，棉价大幅波动给下游企业的生产安排带来较大困难。一些企业开始增加涤纶、"
            "粘胶等化纤原料的使用比例，以降低成本。",
            "业内人士建议，企业应密切关注市场变化，合理安排库存，避免盲目追涨。",
            NOTE,
        ),
        summary="近期国内棉花价格继续在高位运行，纺纱企业采购态度较为谨慎。",
        editor="王强",
        author="陈静",
        related=(207466,),
    ),
)
