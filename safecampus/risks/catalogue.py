"""The starter catalogue (风险点参考库): typical risk points of schools and kindergartens.

A school adopts an entry into its own risk list and adapts it (zone, posts, wording, values).
The entries are written by us from the domain; the text is Chinese because it is content the
school edits, like the demo data. Only the page around it is translated.

`source` names the rule an entry rests on, as rules.md gives it (with its certainty mark:
✅ checked against the original, ◐ from secondary pages, ⚠ unconfirmed), or says
"SafeCampus practice" where the entry is our own judgement. The suggested LEC values are a
starting point from the standard lists (rules.md §2); the school assesses its own situation.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from safecampus.core.models import PostKind, SchoolKind, ZoneKind
from safecampus.risks.models import AccidentType

PRACTICE = "SafeCampus practice"

TOPICS = [
    ("canteen", _("Canteen and food")),
    ("laboratory", _("Laboratories")),
    ("fire", _("Fire and electricity")),
    ("crowds", _("Crowds, stairs and heights")),
    ("water", _("Water and drowning")),
    ("security", _("Gate and security")),
    ("sports", _("Sports and play")),
    ("transport", _("Transport and outings")),
    ("works", _("Building works")),
    ("weather", _("Weather and natural hazards")),
    ("care", _("Young children's care")),
    ("conduct", _("Bullying and student conduct")),
]


@dataclass(frozen=True)
class Entry:
    key: str
    topic: str
    name: str
    zone_kinds: tuple
    post_kinds: tuple
    hazard_factors: str
    accident_types: tuple
    controls: str
    emergency_actions: str
    # Suggested LEC values, as strings from the standard lists (levels.LEC_L/E/C).
    likelihood: str
    exposure: str
    consequence: str
    for_kindergarten: bool
    for_schools: bool
    source: str

    @property
    def score(self):
        return Decimal(self.likelihood) * Decimal(self.exposure) * Decimal(self.consequence)

    @property
    def score_display(self):
        return format(self.score.normalize(), "f")

    @property
    def topic_label(self):
        return dict(TOPICS)[self.topic]

    @property
    def zone_kind_labels(self):
        return [ZoneKind(k).label for k in self.zone_kinds]

    @property
    def post_kind_labels(self):
        return [PostKind(k).label for k in self.post_kinds]

    @property
    def accident_labels(self):
        return [AccidentType(a).label for a in self.accident_types]

    def suits(self, school):
        if school.school_kind == SchoolKind.KINDERGARTEN:
            return self.for_kindergarten
        return self.for_schools


def _lines(*items):
    """Numbered lines, one item a line, as schools write them in their risk lists."""
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


Z, P, A = ZoneKind, PostKind, AccidentType

ENTRIES = [
    # Canteen and food -----------------------------------------------------------------------
    Entry(
        key="canteen-gas-cooking",
        topic="canteen",
        name="食堂燃气使用与烹饪作业",
        zone_kinds=(Z.CANTEEN, Z.ROOM),
        post_kinds=(P.CANTEEN_MANAGER,),
        hazard_factors=_lines(
            "燃气管道、阀门、软管老化、松动或被挤压，造成燃气泄漏",
            "未安装燃气泄漏报警装置，或报警、自动切断装置失效",
            "点火操作不当，烹饪时无人看火，油锅过热起火",
            "排烟罩、烟道油垢积聚，遇明火引燃",
            "操作间通风不良，燃烧不充分产生一氧化碳",
            "蒸箱、汤锅、热油等高温设备和物料造成烫伤",
        ),
        accident_types=(A.FIRE, A.SCALDING, A.POISONING),
        controls=_lines(
            "燃气管道、软管、阀门每日班前检查，软管按期更换，严禁私接改装",
            "安装可燃气体泄漏报警器并与紧急切断阀联动，定期校验",
            "烹饪期间专人看管灶火，人走火灭；收工关闭总阀并登记",
            "排烟罩每日清洁，烟道定期由专业单位清洗并留存记录",
            "操作间配备灭火毯和灭火器，从业人员会报警、会使用、会逃生",
            "操作间保持通风，非工作人员不得进入",
            "高温作业佩戴防烫手套，地面防滑并及时清理油污",
        ),
        emergency_actions=_lines(
            "闻到燃气味：立即关闭总阀，开窗通风，严禁开关电器、使用明火和手机",
            "撤离操作间人员并设警戒，到安全地点拨打燃气抢修电话和119",
            "油锅起火：关火后用锅盖或灭火毯覆盖，严禁用水浇",
            "有人烫伤或中毒：移至通风处，烫伤部位用冷水冲洗，拨打120并报告学校",
        ),
        likelihood="3",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE + "；食堂操作间视频监控“应”配置：◐ GB/T 29315-2022 草案表A.1，⚠ 待核对终稿"
        "（rules.md §1）",
    ),
    Entry(
        key="canteen-food-hygiene",
        topic="canteen",
        name="食堂食品采购、加工与供餐",
        zone_kinds=(Z.CANTEEN, Z.ROOM),
        post_kinds=(P.CANTEEN_MANAGER, P.SCHOOL_DOCTOR, P.PRINCIPAL),
        hazard_factors=_lines(
            "原料来源不明，索证索票不全，使用过期变质原料",
            "生熟不分，加工工具和容器交叉污染",
            "四季豆、豆浆等加热不彻底",
            "从业人员健康证过期或带病上岗",
            "餐具清洗消毒不到位，留样不全",
            "仓库、操作间防鼠防蝇不到位；无关人员进入操作间投毒",
        ),
        accident_types=(A.FOOD_POISONING, A.POISONING),
        controls=_lines(
            "建立进货查验和索证索票台账，不采购来源不明的原料",
            "从业人员每日晨检，健康证在有效期内",
            "生熟分开存放和加工，四季豆、豆浆烧熟煮透",
            "餐具清洗消毒后保洁存放",
            "每餐每样菜品留样，冷藏保存不少于48小时，专人记录",
            "学校负责人每餐陪餐并记录",
            "操作间、仓库上锁并有视频监控，非工作人员不得进入",
        ),
        emergency_actions=_lines(
            "立即停止供应可疑食品，封存留样、原料和餐具",
            "组织出现症状的学生就医，必要时拨打120",
            "向教育、卫生健康和市场监管部门报告，通知家长",
            "保护现场，配合调查，统计就餐和发病人数",
        ),
        likelihood="1",
        exposure="6",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 学校食品安全与营养健康管理规定（2019）：负责人每餐陪餐并记录，"
        "每餐每样留样冷藏≥48小时（rules.md §4）",
    ),
    Entry(
        key="boiler-hot-water",
        topic="canteen",
        name="开水房、锅炉与热水供应",
        zone_kinds=(Z.ROOM, Z.DORMITORY, Z.CANTEEN),
        post_kinds=(P.DORM_MANAGER, P.CANTEEN_MANAGER, P.OTHER),
        hazard_factors=_lines(
            "学生打开水时拥挤，开水壶、水桶倾倒",
            "开水器、热水管道外露，无防护和警示标志",
            "锅炉、压力容器未定期检验，安全阀、压力表失效",
            "司炉人员无证操作，开水房地面湿滑",
        ),
        accident_types=(A.SCALDING, A.OTHER),
        controls=_lines(
            "开水房排队打水，高峰时段有人值守",
            "开水器出水口设防护和“小心烫伤”警示，热水管道包覆",
            "锅炉、压力容器按期检验，司炉人员持证上岗",
            "地面铺设防滑垫，及时清理积水",
        ),
        emergency_actions=_lines(
            "烫伤后立即用流动冷水冲洗15至30分钟，小心脱去衣物，粘连时剪开",
            "用干净纱布覆盖创面，不涂抹牙膏、酱油等",
            "通知校医，严重时拨打120送医，通知家长",
            "锅炉异常时立即停炉、撤离人员，报告学校和设备维保单位",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=False,
        for_schools=True,
        source=PRACTICE,
    ),
    # Laboratories ---------------------------------------------------------------------------
    Entry(
        key="lab-chemicals",
        topic="laboratory",
        name="实验室危险化学品存放与使用",
        zone_kinds=(Z.LABORATORY,),
        post_kinds=(P.LAB_MANAGER,),
        hazard_factors=_lines(
            "易燃、易爆、有毒、腐蚀性化学品混存、超量存放",
            "剧毒、易制爆化学品管理不严，丢失或被盗",
            "实验操作不当：加热、稀释浓硫酸、制取有毒气体",
            "通风橱、洗眼器、喷淋装置失效",
            "废液废渣随意倾倒",
            "学生未佩戴护目镜等防护用品，擅自动用试剂",
        ),
        accident_types=(A.POISONING, A.FIRE, A.SCALDING),
        controls=_lines(
            "危险化学品分类专柜存放，禁止混存，控制存量",
            "剧毒、易制爆化学品双人双锁保管、双人领用，台账日清月结",
            "储存室设防盗门或保险柜、入侵探测和视频监控",
            "实验前讲解安全要点，教师全程在场，学生佩戴防护用品",
            "通风橱、洗眼器、喷淋、灭火器、沙箱完好并定期检查",
            "废液废渣分类收集，交有资质的单位处置",
        ),
        emergency_actions=_lines(
            "化学品溅到皮肤或眼睛：立即用大量清水冲洗至少15分钟后就医",
            "小范围起火用湿布、沙土或灭火器扑救；活泼金属起火禁止用水",
            "有毒气体泄漏：疏散学生到上风向，开窗通风，拨打120",
            "发现化学品丢失或被盗：立即报告学校和公安机关",
        ),
        likelihood="3",
        exposure="3",
        consequence="15",
        for_kindergarten=False,
        for_schools=True,
        source="◐ GB/T 29315-2022 草案表A.1：危险品储存室/实验室防盗门或保险柜、入侵探测、"
        "视频监控“应”配置，⚠ 待核对终稿（rules.md §1）",
    ),
    # Fire and electricity -------------------------------------------------------------------
    Entry(
        key="building-fire-evacuation",
        topic="fire",
        name="教学楼消防设施与疏散通道",
        zone_kinds=(Z.BUILDING, Z.FLOOR),
        post_kinds=(P.SAFETY_OFFICER, P.DUTY_TEACHER),
        hazard_factors=_lines(
            "疏散通道、楼梯间堆放杂物，安全出口上锁或被封堵",
            "灭火器过期、失压，消火栓无水或配件缺失",
            "应急照明、疏散指示标志损坏",
            "教室电器、多媒体设备长时间通电，线路老化",
            "师生不会使用灭火器，不熟悉疏散路线",
        ),
        accident_types=(A.FIRE, A.CROWD_CRUSH, A.POISONING),
        controls=_lines(
            "每日巡查疏散通道和安全出口，保持畅通，上课期间不得上锁",
            "灭火器、消火栓、应急照明、疏散指示每月检查并记录",
            "建筑消防设施每年至少全面检测一次",
            "各楼层张贴疏散示意图，明确各班疏散路线和集合点",
            "按要求开展应急疏散演练，教会师生使用灭火器",
            "放学后关闭教室电源，专人检查",
        ),
        emergency_actions=_lines(
            "发现火情立即报警，拨打119，启动疏散广播",
            "教师带领学生用湿毛巾捂住口鼻，低姿沿疏散路线撤离，不乘电梯",
            "各楼梯口安排教职工引导，到集合点按班清点人数",
            "义务消防队用灭火器、消火栓扑救初起火灾；有人受伤拨打120",
        ),
        likelihood="0.5",
        exposure="6",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="✅ 消防法 §16：建筑消防设施每年至少全面检测一次；◐ 中小学每月、幼儿园每季度至少"
        "一次疏散演练（教基一厅〔2014〕2号）（rules.md §4）",
    ),
    Entry(
        key="dormitory-electrics",
        topic="fire",
        name="学生宿舍用电与夜间防火",
        zone_kinds=(Z.DORMITORY,),
        post_kinds=(P.DORM_MANAGER,),
        hazard_factors=_lines(
            "学生私拉乱接电线，使用电热毯、热得快、电吹风等违规电器",
            "充电宝、电动车电池在宿舍内充电",
            "床铺周边可燃物多，吸烟、点蜡烛",
            "线路老化，插座过载",
            "夜间安全出口上锁，走廊堆放杂物",
            "宿管夜间不巡查或巡查不到位",
        ),
        accident_types=(A.FIRE, A.ELECTRIC_SHOCK),
        controls=_lines(
            "宿舍安装限电或恶性负载识别装置",
            "每周检查违规电器，登记并暂扣",
            "禁止电动车及电池进入宿舍楼充电",
            "宿管每晚查寝点名，夜间巡查并记录",
            "安全出口夜间不上锁或由值班人员持钥匙随时开启",
            "每层配备灭火器、应急照明和疏散指示，定期开展宿舍疏散演练",
        ),
        emergency_actions=_lines(
            "发现起火立即切断电源，用灭火器扑救初起火灾",
            "宿管和值班人员组织学生用湿毛巾捂口鼻、低姿撤离，到集合点清点人数",
            "拨打119，报告值班领导；有人被困或受伤拨打120",
        ),
        likelihood="3",
        exposure="6",
        consequence="15",
        for_kindergarten=False,
        for_schools=True,
        source="◐ 公安部令第61号：寄宿制学校、幼儿园应加强夜间防火巡查（rules.md §4）；"
        "◐ 宿舍楼出入口视频、值班室紧急报警“应”配置（GB/T 29315-2022 草案，rules.md §1）",
    ),
    Entry(
        key="power-distribution-room",
        topic="fire",
        name="配电房与校园供电线路",
        zone_kinds=(Z.ROOM, Z.OTHER),
        post_kinds=(P.OTHER, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "配电房未上锁，无关人员或学生进入",
            "非持证电工操作，停送电无监护",
            "线路老化、过载，接头发热",
            "配电柜前无绝缘垫，缺少绝缘工具",
            "老鼠等小动物进入造成短路，配电房漏水、堆放杂物",
            "室外配电箱未上锁、无警示标志",
        ),
        accident_types=(A.ELECTRIC_SHOCK, A.FIRE),
        controls=_lines(
            "配电房和室外配电箱上锁，张贴“有电危险”警示，无关人员不得进入",
            "由持证电工操作，停送电挂牌并有人监护",
            "每月检查配电设备，用测温仪检查接头温度",
            "配备绝缘垫、绝缘手套和干粉或二氧化碳灭火器",
            "门口设挡鼠板，门窗防小动物，配电房内不得堆放杂物",
            "冬季用电高峰前全面检查线路",
        ),
        emergency_actions=_lines(
            "有人触电：立即切断电源或用干燥木棍挑开电线，不得徒手拉拽",
            "触电者无呼吸心跳时立即心肺复苏，拨打120",
            "电气起火先断电，用干粉或二氧化碳灭火器扑救，严禁用水",
            "报告学校和供电部门",
        ),
        likelihood="1",
        exposure="3",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE,
    ),
    # Crowds, stairs and heights -------------------------------------------------------------
    Entry(
        key="stairwell-dismissal",
        topic="crowds",
        name="楼梯间上下学、课间操及集会时段人员集中",
        zone_kinds=(Z.BUILDING, Z.FLOOR),
        post_kinds=(P.DUTY_TEACHER, P.HEAD_TEACHER, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "放学、课间操、集会时大量学生同时上下楼",
            "楼梯狭窄，转角处拥堵，学生逆行",
            "学生在楼梯追逐打闹、弯腰系鞋带",
            "楼梯照明不足或停电",
            "楼梯扶手松动，台阶破损、湿滑",
            "疏散通道堆放杂物或上锁",
        ),
        accident_types=(A.CROWD_CRUSH, A.FALL_FROM_HEIGHT),
        controls=_lines(
            "各年级、各班错时放学，规定上下楼路线，靠右行走",
            "上下学、集会时段值日教师在楼梯口和转角处值守疏导",
            "楼梯间应急照明和疏散指示完好",
            "定期检查扶手和防滑条，雨天铺设防滑垫",
            "开展防踩踏安全教育和疏散演练",
            "疏散通道不得堆物、不得上锁",
        ),
        emergency_actions=_lines(
            "发现拥堵立即大声提示“停止前进”，值守教师在拥堵上方阻止人员继续下行",
            "疏导后方学生退回或改走其他楼梯",
            "有人摔倒时扶起倒地者，周围学生不推挤",
            "伤员就地救护，拨打120，报告学校并通知家长",
        ),
        likelihood="1",
        exposure="6",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 2006年《中小学幼儿园安全管理办法》§32：放学、晚自习时段疏导秩序、教职工值守；"
        "◐ 国办发〔2017〕35号：防踩踏演练（rules.md §4）",
    ),
    Entry(
        key="corridor-window-heights",
        topic="crowds",
        name="走廊栏杆、窗户、阳台与屋顶平台",
        zone_kinds=(Z.BUILDING, Z.FLOOR, Z.DORMITORY),
        post_kinds=(P.HEAD_TEACHER, P.DUTY_TEACHER),
        hazard_factors=_lines(
            "走廊、阳台护栏高度不足或有可攀爬的横杆",
            "高层窗户无限位装置，学生探身、坐在窗台上",
            "学生在走廊追逐打闹、翻越栏杆",
            "屋顶平台门未上锁",
            "窗台、栏杆上放置花盆等物品，坠落伤人",
            "学生心理危机未被发现",
        ),
        accident_types=(A.FALL_FROM_HEIGHT, A.FALLING_OBJECT),
        controls=_lines(
            "检查护栏高度和牢固程度，去除可攀爬的横杆",
            "高层窗户加装限位器或防护栏",
            "屋顶平台门上锁，钥匙专人保管",
            "课间值日教师巡查走廊，制止追逐打闹和攀爬",
            "窗台、栏杆上不得放置物品",
            "班主任关注学生情绪变化，发现异常及时干预并告知家长",
        ),
        emergency_actions=_lines(
            "有人坠落：立即拨打120，不随意搬动伤员，保护现场",
            "组织其他学生离开现场",
            "报告学校，通知家长，事后做好心理疏导",
        ),
        likelihood="1",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE,
    ),
    # Water ----------------------------------------------------------------------------------
    Entry(
        key="nearby-water",
        topic="water",
        name="校园内及周边池塘、河道、水库等水域",
        zone_kinds=(Z.PERIMETER, Z.OTHER),
        post_kinds=(P.HEAD_TEACHER, P.SAFETY_OFFICER, P.GUARD),
        hazard_factors=_lines(
            "校内或周边有池塘、河流、水库、沟渠、蓄水池，无护栏或警示标志",
            "学生上下学途经水边",
            "暑假、周末和汛期学生私自或结伴下水游泳、玩耍",
            "不熟悉水性的学生盲目下水施救",
            "井盖、化粪池盖缺失或松动",
        ),
        accident_types=(A.DROWNING,),
        controls=_lines(
            "排查校内和周边水域，校内水池加装护栏、盖板并设警示牌",
            "协调属地政府、村（社区）在危险水域设置警示标志和救生设施",
            "每年5至9月及节假日前开展防溺水专题教育，落实防溺水“六不”",
            "向家长发放防溺水告知书并收回执",
            "班主任利用“1530”安全提醒，关注途经水边的学生",
        ),
        emergency_actions=_lines(
            "发现有人落水，立即大声呼救并拨打110、120",
            "不会游泳的学生不得下水施救，借助竹竿、绳索、救生圈施救",
            "救上岸后清理口鼻异物，无呼吸心跳立即心肺复苏",
            "报告学校，通知家长",
        ),
        likelihood="3",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 教育部防溺水“六不”；◐ 5至9月为溺水多发期（rules.md §6）",
    ),
    Entry(
        key="swimming-water-activities",
        topic="water",
        name="游泳课及涉水活动",
        zone_kinds=(Z.SPORTS_GROUND, Z.OTHER),
        post_kinds=(P.OTHER, P.HEAD_TEACHER, P.SCHOOL_DOCTOR),
        hazard_factors=_lines(
            "游泳池无救生员或救生员不足，救生器材缺失",
            "学生人数清点不清，学生私自进入深水区",
            "学生身体不适或有禁忌疾病仍下水",
            "池边湿滑，学生奔跑、跳水",
            "水质不合格",
        ),
        accident_types=(A.DROWNING, A.SPORTS_INJURY),
        controls=_lines(
            "选择有资质、有救生员的场馆，救生器材齐全",
            "分组教学，下水前后清点人数",
            "课前了解学生身体状况，不适合下水的学生不下水",
            "划定深浅水区，禁止奔跑、跳水和打闹",
            "开展游泳和自救技能教育，落实防溺水“六不”",
        ),
        emergency_actions=_lines(
            "发现学生溺水，救生员立即施救，其他学生立即上岸集中",
            "救上岸后清理口鼻异物，无呼吸心跳立即心肺复苏，拨打120",
            "清点人数，报告学校，通知家长",
        ),
        likelihood="1",
        exposure="3",
        consequence="15",
        for_kindergarten=False,
        for_schools=True,
        source="◐ 教育部防溺水“六不”（rules.md §6）；◐ 2006年办法：游泳、防溺水列入安全教育"
        "（rules.md §4）",
    ),
    # Gate and security ----------------------------------------------------------------------
    Entry(
        key="gate-intrusion",
        topic="security",
        name="校门外来人员闯入与暴力侵害",
        zone_kinds=(Z.GATE, Z.ROOM),
        post_kinds=(P.GUARD, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "外来人员未登记核验进入校园",
            "上下学时段校门口人员聚集，无人值守",
            "门卫室无人值守，保安年龄、身体或能力不适合岗位",
            "校门外缺少防冲撞设施，车辆冲撞人群",
            "一键报警装置故障或未与公安联网",
            "保安防护器械不全或不会使用",
        ),
        accident_types=(A.VIOLENCE, A.VEHICLE),
        controls=_lines(
            "封闭化管理，外来人员登记、核验身份、联系被访人后方可进入",
            "门卫室24小时有人值守，由专职保安担任",
            "上下学时段保安、值日教师和护学岗在校门口值守",
            "校门外设置防冲撞隔离设施（隔离墩、升降柱等）",
            "一键报警装置每日自检，视频监控覆盖校门内外",
            "保安配备钢叉、防刺背心、防割手套等器械，定期开展防暴演练",
        ),
        emergency_actions=_lines(
            "发现可疑人员持械闯入：立即按一键报警并拨打110",
            "保安持器械阻止、隔离，拖延时间，等待增援",
            "广播通知全校，教师关闭教室门，组织学生就近躲避",
            "伤员拨打120，事后报告教育行政部门",
        ),
        likelihood="1",
        exposure="6",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 2006年办法：门卫制度、外来人员登记核验、专职保安值守校门（rules.md §1）；"
        "◐ GB/T 29315-2022：门卫室24小时值守、校门外防冲撞设施、一键报警（rules.md §1）",
    ),
    Entry(
        key="perimeter-climbing",
        topic="security",
        name="围墙周界翻越与外部侵入",
        zone_kinds=(Z.PERIMETER,),
        post_kinds=(P.GUARD,),
        hazard_factors=_lines(
            "围墙低矮、破损，或有树木、堆物可供攀爬",
            "周界无防攀爬设施和入侵报警",
            "夜间周界照明不足，巡逻不到位",
            "学生翻越围墙外出",
        ),
        accident_types=(A.VIOLENCE, A.FALL_FROM_HEIGHT),
        controls=_lines(
            "围墙或栅栏保持完好，加装防攀爬设施",
            "清除围墙边可供攀爬的堆物，修剪靠墙树木",
            "周界重点部位设视频监控，宜设入侵探测报警",
            "保安按路线巡查周界，夜间加强巡逻",
        ),
        emergency_actions=_lines(
            "发现有人翻越：保安立即赶到并报告值班领导，必要时按一键报警、拨打110",
            "学生翻墙受伤：就地救护，拨打120，通知家长",
        ),
        likelihood="3",
        exposure="3",
        consequence="7",
        for_kindergarten=True,
        for_schools=True,
        source="◐ GB/T 29315-2022：围墙或栅栏并有防攀爬措施；周界实体屏障“应”、"
        "入侵探测“宜”（草案表A.1）（rules.md §1）",
    ),
    Entry(
        key="dormitory-night",
        topic="security",
        name="住宿生夜间管理",
        zone_kinds=(Z.DORMITORY,),
        post_kinds=(P.DORM_MANAGER, P.GUARD),
        hazard_factors=_lines(
            "夜间查寝不到位，学生夜不归宿或私自外出",
            "外来人员、异性学生进入宿舍楼",
            "学生夜间突发疾病无人发现",
            "宿舍楼出入口无视频监控，值班室无紧急报警装置",
        ),
        accident_types=(A.VIOLENCE, A.OTHER),
        controls=_lines(
            "就寝后宿管逐间查寝点名，缺员立即联系班主任和家长",
            "宿舍楼出入口设视频监控，外来人员不得进入",
            "值班室设紧急报警装置，夜间有人值班",
            "学生身体不适可随时找宿管，宿管掌握校医联系方式",
        ),
        emergency_actions=_lines(
            "学生失联：立即报告值班领导，联系家长，调取视频，必要时报警",
            "学生突发疾病：联系校医，严重时拨打120，通知家长",
        ),
        likelihood="1",
        exposure="6",
        consequence="7",
        for_kindergarten=False,
        for_schools=True,
        source="◐ GB/T 29315-2022 草案表A.1：宿舍楼出入口视频、值班室紧急报警“应”配置"
        "（rules.md §1）",
    ),
    Entry(
        key="dismissal-handover",
        topic="security",
        name="低年级学生放学交接与晚离校学生",
        zone_kinds=(Z.GATE,),
        post_kinds=(P.HEAD_TEACHER, P.DUTY_TEACHER, P.GUARD),
        hazard_factors=_lines(
            "低年级学生放学后无人接，独自离校",
            "晚离校学生被交给无关人员",
            "放学时段校门口拥挤，学生跑向马路",
            "学生未经班主任批准提前离校",
        ),
        accident_types=(A.VIOLENCE, A.VEHICLE, A.OTHER),
        controls=_lines(
            "建立低年级学生放学交接制度，班主任或值日教师把学生送到校门交给家长",
            "未接走的学生在校内指定地点由教师看护，联系家长，不交给无关人员",
            "学生提前离校须经班主任批准，门卫凭条放行",
            "放学时段保安和值日教师在校门口维持秩序",
        ),
        emergency_actions=_lines(
            "学生走失：立即报告学校，联系家长，调取视频，必要时报警",
            "校门口发生交通事故：保护现场，拨打122、120，通知家长",
        ),
        likelihood="1",
        exposure="6",
        consequence="7",
        for_kindergarten=False,
        for_schools=True,
        source="◐ 2006年办法§31：小学建立低年级学生接送交接制度，不得交与无关人员；"
        "§32：放学时段值守（rules.md §4）",
    ),
    # Sports and play ------------------------------------------------------------------------
    Entry(
        key="sports-equipment",
        topic="sports",
        name="体育器材与设施（球门、篮球架、单双杠等）",
        zone_kinds=(Z.SPORTS_GROUND,),
        post_kinds=(P.OTHER, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "移动式球门、篮球架未固定或配重不足，学生攀爬、悬挂致倾倒",
            "单双杠、肋木锈蚀，螺丝松动",
            "器材边角锋利，场地破损、湿滑",
            "器材室器材堆放过高，倒塌伤人",
        ),
        accident_types=(A.SPORTS_INJURY, A.FALLING_OBJECT, A.MECHANICAL),
        controls=_lines(
            "移动式球门、篮球架固定或加配重，张贴“禁止攀爬悬挂”警示",
            "每周检查器材并记录，损坏器材停用并挂牌",
            "单双杠等器械下方铺设缓冲垫或沙坑",
            "体育教师课前检查场地和器材",
            "器材室分类码放，重物放下层",
        ),
        emergency_actions=_lines(
            "器材倾倒压人：立即组织人员抬移器材，不随意搬动伤员，拨打120",
            "出血时压迫止血，疑似骨折时固定",
            "报告学校，通知家长；停用同类器材并全面检查",
        ),
        likelihood="1",
        exposure="6",
        consequence="15",
        for_kindergarten=False,
        for_schools=True,
        source=PRACTICE,
    ),
    Entry(
        key="pe-and-sports-events",
        topic="sports",
        name="体育课、大课间与运动会",
        zone_kinds=(Z.SPORTS_GROUND,),
        post_kinds=(P.OTHER, P.HEAD_TEACHER, P.SCHOOL_DOCTOR),
        hazard_factors=_lines(
            "教师不掌握学生心脏病等特殊体质",
            "准备活动不足，运动强度过大（长跑等项目）",
            "高温天气长时间户外运动导致中暑",
            "投掷项目场地未隔离",
            "运动会人员密集，看台拥挤",
        ),
        accident_types=(A.SPORTS_INJURY, A.CROWD_CRUSH, A.OTHER),
        controls=_lines(
            "体育教师和班主任掌握有特殊体质学生的名单，合理安排运动量",
            "课前充分准备活动，循序渐进增加强度",
            "高温天气调整户外活动时间，备足饮水",
            "投掷项目划定区域，专人看管",
            "运动会制定安全预案，校医在场，划分班级区域",
        ),
        emergency_actions=_lines(
            "学生晕倒：立即停止运动，校医到场，无呼吸心跳立即心肺复苏，必要时使用AED，拨打120",
            "中暑：移至阴凉通风处，补充水分，物理降温",
            "扭伤骨折：停止活动，冷敷固定，送医；通知家长",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=False,
        for_schools=True,
        source=PRACTICE,
    ),
    Entry(
        key="playground-equipment",
        topic="sports",
        name="大型户外玩具与游乐设施（滑梯、攀爬架、秋千等）",
        zone_kinds=(Z.SPORTS_GROUND,),
        post_kinds=(P.HEAD_TEACHER, P.OTHER),
        hazard_factors=_lines(
            "滑梯、攀爬架、秋千等连接件松动、锈蚀、断裂",
            "设施下方无缓冲地面，地面破损",
            "幼儿拥挤、推搡，头朝下滑滑梯",
            "教师看护不到位，幼儿离开教师视线",
            "设施有夹手、卡头的缝隙，绳索、围巾缠绕",
        ),
        accident_types=(A.FALL_FROM_HEIGHT, A.SPORTS_INJURY, A.MECHANICAL),
        controls=_lines(
            "每日活动前检查设施，损坏的立即停用并挂牌",
            "设施下方铺设缓冲地垫或草坪",
            "分组轮流使用，控制人数，教师站位覆盖全部设施",
            "教育幼儿正确使用，不推挤、不头朝下滑",
            "户外活动时幼儿不戴围巾、不穿带长绳的衣服",
        ),
        emergency_actions=_lines(
            "幼儿摔伤：就地检查，不随意搬动，通知保健医生",
            "头部受伤、疑似骨折或意识不清：拨打120",
            "通知家长，报告园长（校长）",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE,
    ),
    # Transport and outings ------------------------------------------------------------------
    Entry(
        key="school-bus-boarding",
        topic="transport",
        name="校车上下车与运行",
        zone_kinds=(Z.GATE, Z.OTHER),
        post_kinds=(P.DRIVER, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "校车超员，学生坐副驾驶座，不系安全带",
            "学生在车辆盲区内或车前车后穿行",
            "随车照管员未清点人数，学生遗留车内",
            "驾驶人资质不符、疲劳驾驶、超速",
            "雨雪雾天和急弯、陡坡、窄路行驶",
            "停靠点设置不合理，上下车无人引导",
        ),
        accident_types=(A.VEHICLE, A.OTHER),
        controls=_lines(
            "任何情况下不得超载，副驾驶座不安排学生乘坐，学生系好安全带",
            "随车照管员全程随车，上下车逐一清点人数并核对名单，锁车前检查车厢",
            "驾驶人符合条件（25至60周岁、3年以上驾龄等）并每年审验",
            "急弯、陡坡、窄路和雨雪雾天限速每小时20公里",
            "上下车点设专人引导，车辆停稳后学生有序上下，不在车前车后穿行",
            "每学期开展校车应急疏散演练",
        ),
        emergency_actions=_lines(
            "故障或事故：打开危险报警闪光灯，在来车方向设置警告标志",
            "照管员组织学生从安全一侧撤离到路外安全地带并清点人数",
            "拨打122、120，报告学校，通知家长",
            "发现学生遗留车内：立即开门救出，检查身体状况",
        ),
        likelihood="1",
        exposure="6",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="✅ 校车安全管理条例 §34 不得超载、§35 限速、§38至§39 随车照管、§40 副驾驶座"
        "（rules.md §4）",
    ),
    Entry(
        key="gate-traffic",
        topic="transport",
        name="校门口上下学交通",
        zone_kinds=(Z.GATE, Z.PERIMETER),
        post_kinds=(P.GUARD, P.DUTY_TEACHER),
        hazard_factors=_lines(
            "上下学时段校门口车辆、行人混行，家长车辆违停",
            "校门前道路无斑马线、减速带和警示标志",
            "学生横穿马路，追逐打闹",
            "电动车、摩托车接送学生不戴头盔",
        ),
        accident_types=(A.VEHICLE, A.CROWD_CRUSH),
        controls=_lines(
            "上下学时段设护学岗，保安、值日教师、家长志愿者和交警协同疏导",
            "协调交警、城管在校门口设置斑马线、减速带、警示标志和临时停车区",
            "学生排队出校，在校门内等候家长",
            "开展交通安全教育，提醒家长骑电动车时佩戴头盔",
        ),
        emergency_actions=_lines(
            "发生交通事故：保护现场，拨打122、120",
            "疏散围观人员，防止二次事故",
            "报告学校，通知家长",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 三年行动“4个100%”含“护学岗”全覆盖（rules.md §1）",
    ),
    Entry(
        key="field-trips",
        topic="transport",
        name="校外研学、春秋游与社会实践",
        zone_kinds=(Z.OTHER,),
        post_kinds=(P.HEAD_TEACHER, P.SAFETY_OFFICER, P.PRINCIPAL),
        hazard_factors=_lines(
            "活动地点有水域、山地、高处等危险环境",
            "租用车辆和驾驶人资质不符",
            "带队教师与学生比例不足，学生脱离队伍走失",
            "外出就餐食品安全无保障",
            "未了解天气，遇恶劣天气",
            "未购买意外保险，未告知家长",
        ),
        accident_types=(A.VEHICLE, A.DROWNING, A.FOOD_POISONING, A.CROWD_CRUSH, A.OTHER),
        controls=_lines(
            "制定活动方案和应急预案并报批，提前踩点评估路线和场地",
            "选择有资质的承运单位和车辆，查验驾驶人资质",
            "按比例配足带队教师，分组定人负责，上下车、进出场馆清点人数",
            "向家长发告知书并收回执，购买意外保险",
            "学生携带联系卡，随队携带急救包",
            "关注天气预报，恶劣天气取消或调整活动",
        ),
        emergency_actions=_lines(
            "学生走失：立即组织寻找，联系场馆广播，未找到的立即报警",
            "交通事故：组织学生撤离到安全地带，拨打122、120",
            "受伤或突发疾病：就近送医",
            "通知家长，报告学校",
        ),
        likelihood="1",
        exposure="2",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE,
    ),
    # Building works -------------------------------------------------------------------------
    Entry(
        key="building-works",
        topic="works",
        name="校园施工与维修改造",
        zone_kinds=(Z.BUILDING, Z.OTHER),
        post_kinds=(P.SAFETY_OFFICER, P.PRINCIPAL),
        hazard_factors=_lines(
            "施工区域与师生活动区未有效隔离",
            "高空作业坠物，脚手架不稳",
            "施工临时用电不规范",
            "施工车辆在上下学时段进出校园",
            "施工人员身份未登记，进入教学生活区",
            "开挖沟槽、基坑未围挡；危房未停止使用",
        ),
        accident_types=(
            A.FALLING_OBJECT,
            A.FALL_FROM_HEIGHT,
            A.COLLAPSE,
            A.MECHANICAL,
            A.ELECTRIC_SHOCK,
            A.VEHICLE,
        ),
        controls=_lines(
            "施工前与施工单位签订安全协议，审核资质和施工方案",
            "施工区硬质围挡封闭，设警示标志和夜间警示灯",
            "施工人员实名登记、佩戴证件，不得进入教学生活区",
            "大型施工尽量安排在假期，上下学时段禁止施工车辆进出",
            "每日检查围挡和临时用电",
            "发现危房立即停止使用，设置警示标志，书面报告主管部门",
        ),
        emergency_actions=_lines(
            "发生坠物、坍塌：立即疏散周边人员，设立警戒，停止施工",
            "切断施工电源，拨打120、119",
            "报告学校和主管部门，通知受伤学生家长",
        ),
        likelihood="3",
        exposure="3",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source=PRACTICE
        + "；危房停止使用、设警示并书面报告：◐ 2006年办法（条款号⚠）（rules.md §1）",
    ),
    # Weather and natural hazards ------------------------------------------------------------
    Entry(
        key="extreme-weather",
        topic="weather",
        name="台风、暴雨、暴雪、高温等极端天气",
        zone_kinds=(Z.BUILDING, Z.SPORTS_GROUND, Z.PERIMETER),
        post_kinds=(P.PRINCIPAL, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "台风、暴雨导致围墙、广告牌、树木倒塌，门窗玻璃、外墙装饰物坠落",
            "校园积水，低洼处内涝",
            "暴雪压塌简易棚房、车棚",
            "道路结冰，师生滑倒",
            "高温天气户外活动中暑",
            "上下学途中遇恶劣天气",
        ),
        accident_types=(A.COLLAPSE, A.FALLING_OBJECT, A.DROWNING, A.OTHER),
        controls=_lines(
            "建立气象预警接收和传达机制，专人负责",
            "预警发布后按预案停课、调整上下学时间或暂停户外活动，及时通知家长",
            "汛期前检查排水、围墙、屋面、树木和户外设施并整改",
            "雪天及时清扫积雪、铺设防滑垫，清除车棚积雪",
            "高温天气减少户外活动，备足饮水",
        ),
        emergency_actions=_lines(
            "启动应急预案，学生留在安全的室内场所，不得冒险离校",
            "放学时确保学生安全交接到家长手中",
            "发生倒塌或进水：立即转移人员，切断相关电源",
            "伤员拨打120，报告教育行政部门",
        ),
        likelihood="3",
        exposure="2",
        consequence="15",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 教基一厅〔2009〕5号：汛期防汛、防雷、防地质灾害预案，可调整上课时间"
        "（rules.md §6）",
    ),
    Entry(
        key="lightning-flood-season",
        topic="weather",
        name="汛期雷电、洪涝与地质灾害",
        zone_kinds=(Z.BUILDING, Z.SPORTS_GROUND, Z.PERIMETER),
        post_kinds=(P.SAFETY_OFFICER, P.PRINCIPAL),
        hazard_factors=_lines(
            "防雷装置缺失、损坏或未按期检测",
            "雷雨天在空旷操场、大树下活动",
            "校舍靠近山体、河道，有滑坡、泥石流、洪水威胁",
            "地下室、配电房进水",
            "排水沟堵塞",
        ),
        accident_types=(A.ELECTRIC_SHOCK, A.DROWNING, A.COLLAPSE),
        controls=_lines(
            "防雷装置按规定定期检测并留存报告",
            "雷雨天气停止户外活动，学生不在大树下、空旷处避雨",
            "汛期前排查校舍周边山体、河道和排水沟，清理疏通",
            "制定撤离路线和临时安置点，开展演练",
            "地下室、配电房设挡水板，备好沙袋和抽水设备",
        ),
        emergency_actions=_lines(
            "出现险情：立即按预案将学生转移到安全地点，清点人数",
            "有人遭雷击：无呼吸心跳立即心肺复苏，拨打120",
            "切断进水区域电源，报告属地政府和教育行政部门",
        ),
        likelihood="1",
        exposure="2",
        consequence="40",
        for_kindergarten=True,
        for_schools=True,
        source="◐ 教基一厅〔2009〕5号：汛期防汛、防雷、防地质灾害预案；汛期约5至9月，"
        "因地区而异（rules.md §6）",
    ),
    # Young children's care (kindergartens) --------------------------------------------------
    Entry(
        key="kg-naptime",
        topic="care",
        name="幼儿午睡",
        zone_kinds=(Z.ROOM, Z.DORMITORY),
        post_kinds=(P.HEAD_TEACHER, P.OTHER),
        hazard_factors=_lines(
            "午睡期间值班教师离岗或做其他事，无人看护",
            "幼儿蒙头睡、趴睡，口含食物或小物件入睡",
            "幼儿突发高热惊厥、呕吐",
            "床铺护栏不牢，幼儿坠床",
            "寝室通风不良，温度不适",
            "幼儿私自离开寝室",
        ),
        accident_types=(A.POISONING, A.FALL_FROM_HEIGHT, A.OTHER),
        controls=_lines(
            "午睡全程至少一名教职工在寝室值守，不得离岗",
            "睡前检查幼儿口中和口袋，不带食物和小物件上床",
            "定时巡视，纠正蒙头、趴睡，做好午睡记录",
            "体弱、发热幼儿重点观察，及时联系保健医生",
            "床铺护栏牢固，双层床上铺慎用",
            "寝室视频监控覆盖，保持通风和适宜温度",
        ),
        emergency_actions=_lines(
            "发现幼儿呼吸异常、面色青紫：立即清理口鼻异物，必要时用海姆立克急救法",
            "通知保健医生，拨打120；心跳呼吸停止立即心肺复苏",
            "通知家长，报告园长",
        ),
        likelihood="1",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=False,
        source=PRACTICE
        + "；幼儿园活动室、寝室视频监控“应”配置：◐ GB/T 29315-2022 草案表A.1（rules.md §1）",
    ),
    Entry(
        key="kg-pickup",
        topic="care",
        name="幼儿入园、离园接送交接",
        zone_kinds=(Z.GATE,),
        post_kinds=(P.HEAD_TEACHER, P.GUARD),
        hazard_factors=_lines(
            "接送人不是家长授权的人员，或由未成年人接送",
            "陌生人冒领幼儿",
            "离园时段人员拥挤，幼儿跑出园门",
            "晚接幼儿无人看护",
            "家长之间发生纠纷，门口车辆违停",
        ),
        accident_types=(A.VIOLENCE, A.VEHICLE, A.OTHER),
        controls=_lines(
            "家长登记授权接送人（成年人，有照片），凭接送卡交接",
            "教师把幼儿逐一交到授权接送人手中并点名",
            "临时代接须家长电话确认并登记",
            "分班错峰离园，园门口设隔离区",
            "晚接幼儿由值班教师在园内看护，不交给无关人员",
            "入园、离园时段保安在园门口值守",
        ),
        emergency_actions=_lines(
            "发现幼儿不见或被冒领：立即报告园长，关闭园门，调取视频",
            "联系家长核实，全体教职工分区搜寻",
            "未找到的立即报警110",
        ),
        likelihood="1",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=False,
        source="◐ 2006年办法§31：幼儿园建立接送交接制度，不得将晚离园幼儿交与无关人员"
        "（rules.md §4）",
    ),
    Entry(
        key="kg-small-objects",
        topic="care",
        name="玩具、区角材料与小物件误吞",
        zone_kinds=(Z.ROOM,),
        post_kinds=(P.HEAD_TEACHER, P.OTHER, P.SCHOOL_DOCTOR),
        hazard_factors=_lines(
            "玩具零件细小（纽扣、珠子、磁力珠、纽扣电池）",
            "区角活动材料（豆子、小石子等）放入口、鼻、耳",
            "玩具破损，边角锋利",
            "进食时嬉笑打闹，食物呛入气管",
            "药品、消毒剂放在幼儿可触及处",
        ),
        accident_types=(A.POISONING, A.OTHER),
        controls=_lines(
            "玩具从正规渠道采购，有3C标志，适合幼儿年龄",
            "每日检查玩具和材料，破损的及时清除",
            "小颗粒材料在教师视线内使用，用后清点收回",
            "纽扣电池、磁力珠等不得进入班级",
            "药品、消毒用品上锁存放，远离幼儿",
            "进餐时保持安静，不催促、不打闹",
        ),
        emergency_actions=_lines(
            "异物卡喉：立即使用海姆立克急救法",
            "误吞纽扣电池、磁力珠或药品：立即送医，不要自行催吐",
            "拨打120，通知家长和园长",
        ),
        likelihood="1",
        exposure="6",
        consequence="15",
        for_kindergarten=True,
        for_schools=False,
        source=PRACTICE,
    ),
    Entry(
        key="kg-hot-water-food",
        topic="care",
        name="幼儿园厨房及班级热水、热汤",
        zone_kinds=(Z.CANTEEN, Z.ROOM),
        post_kinds=(P.CANTEEN_MANAGER, P.HEAD_TEACHER, P.OTHER),
        hazard_factors=_lines(
            "开水炉、保温桶放在幼儿可触及处",
            "送餐车运送热汤、热饭经过幼儿活动区",
            "分餐时汤、粥温度过高",
            "保育员倒开水时幼儿靠近",
            "饮水机热水开关无童锁",
            "厨房门未关，幼儿进入",
        ),
        accident_types=(A.SCALDING,),
        controls=_lines(
            "开水炉设在专用区域并有隔离，幼儿不得进入厨房",
            "送餐避开幼儿活动时段和路线，容器加盖，由成人推送",
            "分餐前确认温度适宜，先晾凉再盛给幼儿",
            "饮水机热水开关加童锁或只供温水",
            "保育员倒水时幼儿远离，厨房门随手关闭",
        ),
        emergency_actions=_lines(
            "立即用流动冷水冲洗15至30分钟，小心脱去衣物，粘连时剪开",
            "用干净纱布覆盖，不涂抹牙膏、酱油等",
            "通知保健医生，拨打120送医",
            "通知家长，报告园长",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=True,
        for_schools=False,
        source=PRACTICE,
    ),
    # Bullying and student conduct -----------------------------------------------------------
    Entry(
        key="bullying-hotspots",
        topic="conduct",
        name="校园欺凌易发部位与时段",
        zone_kinds=(Z.BUILDING, Z.DORMITORY, Z.SPORTS_GROUND, Z.PERIMETER),
        post_kinds=(P.HEAD_TEACHER, P.DUTY_TEACHER, P.DORM_MANAGER, P.SAFETY_OFFICER),
        hazard_factors=_lines(
            "厕所、楼梯转角、宿舍、操场角落、围墙边等视频监控盲区",
            "课间、午休、晚自习后和就寝前等管理薄弱时段",
            "高年级学生欺负低年级学生，校外人员介入",
            "受欺凌学生不敢报告，教师未察觉",
            "网络欺凌",
        ),
        accident_types=(A.BULLYING, A.VIOLENCE),
        controls=_lines(
            "排查欺凌易发部位，增设视频监控和照明，重点时段安排教师、宿管巡查",
            "建立学生欺凌防治工作机制，畅通举报渠道（含匿名举报）",
            "定期开展防欺凌教育，班主任关注学生情绪和同伴关系变化",
            "发现欺凌按程序调查、认定和处置，通知双方家长",
        ),
        emergency_actions=_lines(
            "发现正在发生的欺凌：立即制止，隔离双方",
            "受伤学生送医，保护受害学生隐私，做好心理支持",
            "通知双方家长；涉嫌违法犯罪或造成严重伤害的，立即报告公安机关和教育行政部门",
        ),
        likelihood="3",
        exposure="6",
        consequence="7",
        for_kindergarten=False,
        for_schools=True,
        source="◐ 国办发〔2017〕35号：建立学生欺凌防治机制；✅ 未成年人保护法§11：发现侵害或"
        "疑似侵害应当立即报告（rules.md §4）",
    ),
]

BY_KEY = {entry.key: entry for entry in ENTRIES}


def get(key):
    return BY_KEY.get(key)


def for_school(school):
    """The entries suited to the school's kind: kindergartens get theirs, schools theirs."""
    return [entry for entry in ENTRIES if entry.suits(school)]


def topics_in(entries):
    present = {entry.topic for entry in entries}
    return [(key, label) for key, label in TOPICS if key in present]
