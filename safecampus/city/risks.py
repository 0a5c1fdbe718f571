"""Risk points on each school's zones, each with one to three assessments; the latest grades it."""

from datetime import timedelta

from safecampus.core.roles import Role
from safecampus.risks.levels import (
    LEC_C,
    LEC_E,
    LEC_L,
    MATRIX_L,
    MATRIX_S,
    Method,
    control_level_for,
    level_for,
    score,
)
from safecampus.risks.models import AccidentType, RiskAssessment, RiskPoint
from safecampus.risks.rules import DEFAULT

ACTIVITIES = {
    "building": ("课间楼梯通行", [AccidentType.CROWD_CRUSH, AccidentType.FALL_FROM_HEIGHT]),
    "canteen": ("食堂燃气灶具使用", [AccidentType.FIRE, AccidentType.FOOD_POISONING]),
    "dormitory": ("宿舍用电", [AccidentType.ELECTRIC_SHOCK, AccidentType.FIRE]),
    "laboratory": ("危险化学品储存", [AccidentType.POISONING, AccidentType.FIRE]),
    "sports_ground": ("体育课器械训练", [AccidentType.SPORTS_INJURY]),
    "gate": ("上下学校门口通行", [AccidentType.VEHICLE, AccidentType.VIOLENCE]),
    "perimeter": ("围墙外来人员翻越", [AccidentType.VIOLENCE]),
    "other": ("配电设施运行", [AccidentType.ELECTRIC_SHOCK]),
}
POINT_FIELDS = [
    "id",
    "school_id",
    "zone_id",
    "name",
    "hazard_factors",
    "accident_types",
    "existing_controls",
    "emergency_actions",
    "responsible_id",
    "level",
    "control_level",
    "control_override_reason",
    "review_due",
    "needs_reassessment",
    "reassessment_reason",
    "catalogue_key",
    "created_at",
    "updated_at",
]
ASSESSMENT_FIELDS = [
    "id",
    "risk_point_id",
    "method",
    "likelihood",
    "exposure",
    "consequence",
    "severity",
    "value",
    "level",
    "rule_set_name",
    "bands",
    "assessor_id",
    "assessed_at",
    "note",
]


def grow(city):
    rng = city.rng("risks")
    w = city.writer
    counts = [rng.randint(6, 14) for _ in city.schools]
    next_point = w.ids(RiskPoint, sum(counts))
    points, assessments = [], []
    for school, count in zip(city.schools, counts, strict=False):
        officer = school.one(Role.SAFETY_OFFICER)
        for n in range(count):
            zone_id, zone_name, kind = school.zones[n % len(school.zones)]
            activity, accidents = ACTIVITIES.get(kind, ACTIVITIES["building"])
            level = None
            t = city.at(rng.uniform(200, 700))
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.7:
                    inputs = {
                        "likelihood": rng.choice(LEC_L)[0],
                        "exposure": rng.choice(LEC_E)[0],
                        "consequence": rng.choice(LEC_C)[0],
                        "severity": None,
                    }
                    method, bands = Method.LEC, DEFAULT.lec_bands
                else:
                    inputs = {
                        "likelihood": rng.choice(MATRIX_L)[0],
                        "exposure": None,
                        "consequence": None,
                        "severity": rng.choice(MATRIX_S)[0],
                    }
                    method, bands = Method.MATRIX, DEFAULT.matrix_bands
                value = score(method, **inputs)
                level = level_for(value, bands)
                assessments.append(
                    [
                        next_point,
                        method,
                        inputs["likelihood"],
                        inputs["exposure"],
                        inputs["consequence"],
                        inputs["severity"],
                        value,
                        level,
                        str(DEFAULT.name),
                        bands,
                        officer,
                        t,
                        "",
                    ]
                )
                last = t
                t = t + timedelta(days=rng.uniform(60, 200))
            review_due = (last + timedelta(days=365)).date()
            flagged = rng.random() < 0.05
            points.append(
                [
                    next_point,
                    school.id,
                    zone_id,
                    f"{zone_name}{activity}",
                    "设施老化、人员密集",
                    [str(a) for a in accidents],
                    "定期检查，专人管理",
                    "立即疏散，报告安全办",
                    rng.choice(school.staff),
                    level,
                    control_level_for(level),
                    "",
                    review_due,
                    flagged,
                    "隐患确认后需复评" if flagged else "",
                    "",
                    city.at(800),
                    last,
                ]
            )
            next_point += 1
    w.write(RiskPoint, POINT_FIELDS, points)
    first = w.ids(RiskAssessment, len(assessments))
    w.write(RiskAssessment, ASSESSMENT_FIELDS, [[first + n, *a] for n, a in enumerate(assessments)])
