"""The starter library of checklists, written by SafeCampus from the sources named on each.

Each entry is content, not UI text: it is copied into a school's own checklist when adopted,
and the school edits its copy (which starts a new version once used). Seasonal checks are
weekly and get their season as the schedule's start and end dates. Items are
(group, text, kind, help, extra) where extra may hold min/max/unit, "photo_on_fail" and
"category" (the hazard category a failure files under). The suggested schedule is what the
adoption form proposes.
"""

from dataclasses import dataclass, field
from datetime import time

P, N, T, PH = "pass_fail", "number", "text", "photo"


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    area: str
    description: str
    source: str
    category: str
    items: list = field(default_factory=list)
    recurrence: str = "daily"
    at: time = time(7, 0)
    minutes: int = 60
    weekday: int | None = None
    day_number: int | None = None
    school_days_only: bool = True


LIBRARY = [
    Entry(
        "gate_daily",
        "门卫每日检查",
        "gate",
        "开校前由门卫岗完成：门禁、防冲撞设施、一键报警与护学装备。",
        "GB/T 29315-2022《中小学、幼儿园安全防范要求》；学校门卫岗位安全工作指南",
        "public_security",
        [
            ("门卫室", "门卫室有人值守，值班记录已交接", P, "24小时值守，交接班签字。", {}),
            ("门卫室", "一键报警装置自检正常（与110联网）", P, "按下自检键，确认平台收到。", {}),
            ("门卫室", "钢叉、防暴盾牌、防刺背心、橡胶棍齐全可用", P, "", {}),
            ("校门", "防冲撞设施（升降柱/隔离墩/拒马）在位", P, "上下学时段必须布设到位。", {}),
            ("校门", "校门监控画面清晰、录像正常", P, "录像保存不少于90天。", {}),
            ("校门", "访客登记本/系统可用", P, "", {"photo_on_fail": False}),
            ("周界", "围墙、护栏无破损、无攀爬痕迹", P, "", {"category": "structure"}),
            ("备注", "今日值班保安人数", N, "", {"min": 2, "max": 20, "unit": "人"}),
        ],
        at=time(6, 30),
    ),
    Entry(
        "duty_teacher_daily",
        "值日教师每日巡查",
        "duty",
        "值日教师在上午大课间前后巡查走廊、楼梯、教室与卫生间。",
        "教育部《中小学校岗位安全工作指南》值日教师岗位职责",
        "structure",
        [
            ("楼道", "楼梯扶手、栏杆牢固，无松动", P, "用手摇动检查。", {}),
            ("楼道", "楼梯、走廊无积水、无杂物堵塞", P, "", {}),
            ("楼道", "安全出口指示灯亮，疏散通道畅通", P, "", {"category": "fire"}),
            ("教室", "门窗、护栏完好，窗户限位器有效", P, "高层教室窗户开启不超过限位。", {}),
            ("教室", "电源插座、开关无破损、无私拉乱接", P, "", {"category": "electrical"}),
            ("卫生间", "地面防滑，无积水", P, "", {}),
            ("记录", "巡查中发现的其他情况", T, "没有可不填。", {}),
        ],
        recurrence="weekdays",
        at=time(9, 30),
        minutes=120,
    ),
    Entry(
        "dorm_night",
        "宿舍夜间查寝",
        "dormitory",
        "熄灯后由宿管完成：人数清点、门窗、用电与疏散通道。",
        "公安部令第61号（寄宿制学校加强夜间巡查）；学校宿舍管理岗位安全工作指南",
        "fire",
        [
            ("人员", "应到人数与实到人数一致（未到者已联系班主任）", P, "", {}),
            ("人员", "实到人数", N, "", {"min": 0, "max": 2000, "unit": "人"}),
            (
                "用电",
                "无违规电器（热得快、电热毯等），无私拉电线",
                P,
                "",
                {"category": "electrical"},
            ),
            ("消防", "疏散通道、安全出口未上锁、未堵塞", P, "夜间安全出口不得锁闭。", {}),
            ("消防", "应急照明、疏散指示完好", P, "", {}),
            ("门窗", "宿舍楼大门已按时关闭，值班室有人", P, "", {"category": "public_security"}),
        ],
        recurrence="daily",
        at=time(22, 0),
        minutes=90,
        school_days_only=False,
    ),
    Entry(
        "canteen_daily",
        "食堂每日检查",
        "canteen",
        "开餐前由食堂岗完成：留样、从业人员健康、燃气与消毒。",
        "《学校食品安全与营养健康管理规定》（2019）留样不少于48小时；《餐饮服务食品安全操作规范》每样不少于125克",
        "food",
        [
            (
                "留样",
                "每餐每样菜品留样，冷藏保存不少于48小时",
                P,
                "留样柜温度0–8℃，标签注明餐次。",
                {},
            ),
            ("留样", "每份留样重量", N, "不少于125克。", {"min": 125, "max": 1000, "unit": "克"}),
            ("留样", "留样柜温度", N, "", {"min": 0, "max": 8, "unit": "℃"}),
            ("人员", "从业人员晨检合格，无发热、腹泻、手部伤口", P, "不合格者当日不得上岗。", {}),
            ("人员", "从业人员健康证在有效期内", P, "", {"photo_on_fail": False}),
            (
                "燃气",
                "燃气管道、阀门无泄漏，报警器正常",
                P,
                "用肥皂水检查接口。",
                {"category": "fire"},
            ),
            ("卫生", "餐具已消毒，消毒记录完整", P, "", {}),
            ("陪餐", "学校负责人陪餐并记录", P, "", {"photo_on_fail": False}),
        ],
        at=time(10, 0),
        minutes=90,
    ),
    Entry(
        "fire_monthly",
        "消防设施月度检查",
        "fire",
        "每月由安全办完成：灭火器、消火栓、安全出口与应急照明。",
        "《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）；GB 50444 灭火器检查",
        "fire",
        [
            ("灭火器", "灭火器压力表指针在绿区", P, "红区为压力不足，黄区为超压。", {}),
            ("灭火器", "灭火器在有效期内，铅封完好", P, "", {}),
            ("灭火器", "本次检查的灭火器数量", N, "", {"min": 1, "max": 2000, "unit": "具"}),
            ("消火栓", "消火栓箱内水带、水枪齐全，无遮挡", P, "", {}),
            ("疏散", "安全出口、疏散通道畅通，未锁闭", P, "", {}),
            ("疏散", "应急照明、疏散指示标志完好（断电测试）", P, "", {}),
            ("消控", "消防控制室有人值班，系统无故障报警", P, "", {}),
            ("记录", "灭火器照片（抽查一具）", PH, "", {}),
        ],
        recurrence="monthly",
        day_number=1,
        at=time(14, 0),
        minutes=240,
    ),
    Entry(
        "lab_weekly",
        "实验室与危化品每周检查",
        "laboratory",
        "每周由实验室岗完成：危化品双人双锁、台账、通风与防护。",
        "《中小学实验室安全规范》；危险化学品安全管理条例",
        "laboratory",
        [
            ("危化品", "危化品专柜双人双锁，钥匙分人保管", P, "", {}),
            ("危化品", "领用台账与库存一致", P, "", {}),
            ("危化品", "易制毒、易制爆化学品单独存放", P, "", {}),
            ("设备", "通风橱运行正常", P, "", {}),
            ("设备", "洗眼器、喷淋、灭火毯可用", P, "", {}),
            ("用电", "实验台电源无老化、无裸露", P, "", {"category": "electrical"}),
            ("废弃物", "实验废液分类收集，未倒入下水道", P, "", {}),
        ],
        recurrence="weekly",
        weekday=0,
        at=time(15, 0),
        minutes=180,
    ),
    Entry(
        "flood_season",
        "汛期前校舍检查",
        "building",
        "汛期前（5月）由总务处完成：屋面、排水、挡墙与危房。",
        "《中小学幼儿园安全管理办法》校舍安全检查与危房报告制度",
        "structure",
        [
            ("屋面", "屋面防水完好，无渗漏", P, "", {}),
            ("排水", "排水沟、雨水井畅通，无淤堵", P, "", {"category": "water"}),
            ("挡墙", "围墙、挡土墙无裂缝、倾斜", P, "", {}),
            ("校舍", "校舍墙体、梁柱无新增裂缝", P, "发现裂缝立即停用并上报。", {}),
            ("用电", "地下室、低洼处配电设施已防水", P, "", {"category": "electrical"}),
            ("物资", "防汛物资（沙袋、水泵）齐全", P, "", {"photo_on_fail": False}),
        ],
        recurrence="weekly",
        weekday=2,
        at=time(15, 0),
        minutes=240,
    ),
    Entry(
        "winter_wiring",
        "冬季电气线路检查",
        "electrical",
        "入冬前由总务处完成：取暖设备、线路与配电箱。",
        "消防法；学校用电安全管理要求",
        "electrical",
        [
            ("配电", "配电箱上锁，无积尘、无异味", P, "", {}),
            ("线路", "线路无老化、破损，无私拉乱接", P, "", {}),
            ("取暖", "取暖设备与可燃物保持安全距离", P, "", {"category": "fire"}),
            ("保护", "漏电保护器按试验键动作正常", P, "", {}),
            ("测温", "配电箱接线端子最高温度", N, "红外测温。", {"min": 0, "max": 60, "unit": "℃"}),
        ],
        recurrence="weekly",
        weekday=2,
        at=time(15, 0),
        minutes=240,
    ),
    Entry(
        "term_start",
        "开学前综合检查",
        "comprehensive",
        "每学期开学由安全办组织：校舍、消防、食堂、门卫、校车与周边。",
        "《中小学幼儿园安全管理办法》开学安全检查",
        "other",
        [
            ("校舍", "校舍、围墙、运动设施安全", P, "", {"category": "structure"}),
            ("消防", "消防设施完好，通道畅通", P, "", {"category": "fire"}),
            ("食堂", "食堂证照齐全，从业人员健康证有效", P, "", {"category": "food"}),
            ("门卫", "门卫人员、装备、一键报警到位", P, "", {"category": "public_security"}),
            ("交通", "校门口交通标志、减速带完好", P, "", {"category": "traffic"}),
            ("周边", "周边200米内无经营性网吧、无占道摊点", P, "", {"category": "surroundings"}),
            ("制度", "安全责任书已签订", P, "", {"photo_on_fail": False}),
            ("总结", "检查总结", T, "", {}),
        ],
        recurrence="term",
        day_number=1,
        at=time(8, 0),
        minutes=480,
    ),
    Entry(
        "school_bus_daily",
        "校车每日出车检查",
        "school_bus",
        "每日出车前由校车管理员与随车照管员完成。",
        "《校车安全管理条例》（2012）第三十八、三十九条",
        "traffic",
        [
            ("车辆", "校车标志灯、停车指示牌正常", P, "", {}),
            ("车辆", "轮胎、制动、灯光检查合格", P, "", {}),
            ("车辆", "安全带、安全锤、灭火器齐全", P, "", {}),
            ("人员", "驾驶人状态正常（未饮酒、无疲劳）", P, "", {}),
            ("人员", "随车照管人员在岗", P, "", {}),
            ("清点", "上车人数", N, "", {"min": 0, "max": 60, "unit": "人"}),
            ("清点", "下车后车内无滞留学生", P, "熄火锁车前从后往前检查每一排。", {}),
        ],
        at=time(6, 40),
        minutes=60,
    ),
]

BY_KEY = {entry.key: entry for entry in LIBRARY}
