"""Writes every conformance case of tests/conformance: its case.json, submission.json and
inline rule file, and deletes what it no longer makes (a case folder not in CASES, a file
in a case folder it does not write).

Kept as a script so the cases are easy to review and extend; only the standard library is
used. Run it through scripts/bless.sh, which also makes each case's expected.json and
expected.meaning.json from the Rust engine; review the diff.
"""
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "conformance"


def full_zone(**over):
    """A zone-qualification submission that earns exactly 84.5 with C6 applying (the worked example)."""
    sub = {
        "meta": {"submission_id": "CF-001", "notes": "criteria.md worked example"},
        "zone": {"name": "永嘉桥下教玩具优质产品生产示范区", "town": "桥下", "industry": "educational_toys",
                 "creating_subject": "town_government", "assessment_year": 2012, "industry_policy_category": "encouraged"},
        "organization": {"work_plan_issued": True, "work_plan_complete": True, "plan_in_development_plan": True,
                         "leading_group": True, "leading_group_meetings": 3, "targets_filed": True,
                         "self_assessment_submitted": True, "preferential_policies": True, "dedicated_budget_10k_cny": 300},
        "industry": {"development_plan_in_force": True, "firms_compliant": True, "output_10k_cny": 620000,
                     "previous_output_10k_cny": 600000, "town_industrial_output_10k_cny": 1000000,
                     "national_market_share_pct": 60, "provincial_rank": 1},
        "quality": {"spot_check_pass_rate_pct": 94.5, "standard_adoption_rate_pct": 45, "above_scale_firms": 40,
                    "iso9001_certified_firms": 30, "alliance_standard": True,
                    "standards_led": {"international": 0, "national": 1, "industry": 1, "local": 0, "group": 0},
                    "market_access_full": True, "unlicensed_cases": 0, "has_agricultural_products": True,
                    "agri_monitoring_pass_rate_pct": 97, "has_food_products": False},
        "brands": {"famous_products": {"national": 0, "zhejiang": 2, "wenzhou": 0},
                   "trademarks": {"well_known": 1, "zhejiang_famous": 1, "wenzhou_known": 0},
                   "collective_mark": True, "regional_title": False},
        "innovation": {"high_tech_firms": 3, "provincial_rd_centres": 1, "national_rd_centres": 0,
                       "invention_patents": 7, "public_service_platform": True, "tech_upgrade_projects": 2},
        "market_order": {"anti_counterfeit_mechanism": True, "pledge_signed_firms": 36},
        "integrity": {"major_quality_incidents_3y": 0, "falsified_material": False, "major_counterfeit_cases_3y": 0},
        "bonus": {"national_brand_zone": "preparing", "quality_awards": 0, "export_returns_down": False},
    }
    return changed(sub, over)


DELETE = object()


def changed(sub, over):
    """Applies changes written `group__field=value` (DELETE removes the field)."""
    for dotted, value in over.items():
        node = sub
        parts = dotted.split("__")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        if value is DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return sub


def annual(**over):
    sub = {
        "town": {"name": "瓯北镇", "zone_name": "永嘉瓯北阀门优质产品生产示范区", "assessment_year": 2013},
        "work": {"leading_group": True, "leading_group_meetings": 4, "annual_plan_issued": True,
                 "plan_has_quality_targets": True, "progress_reports": 3},
        "measures": {"new_standard_adopters": 4, "supervision_inspections": 8, "above_scale_firms": 96,
                     "iso9001_certified_firms": 70},
        "support": {"preferential_policies": True, "funding_10k_cny": 1000, "research_cooperation_projects": 2},
        "atmosphere": {"publicity_events": 5, "model_enterprises": 2},
        "results": {"spot_check_pass_rate_pct": 95.2, "previous_spot_check_pass_rate_pct": 94.6,
                    "output_10k_cny": 1420000, "previous_output_10k_cny": 1335000},
        "integrity": {"major_quality_problem": False, "falsified_material": False},
    }
    return changed(sub, over)


CASES = {}


def case(name, description, submission, ruleset="zone-qualification", object_replay=True, ruleset_file=None,
         options=None):
    CASES[name] = (description, submission, ruleset, object_replay, ruleset_file, options)


def with_options(name, description, base, **options):
    """A case scoring another case's submission with answer options (detail, lang)."""
    _, submission, ruleset, object_replay, ruleset_file, _ = CASES[base]
    CASES[name] = (description, submission, ruleset, object_replay, ruleset_file, options)
    if base in RAW:
        RAW[name] = RAW[base]


case("zq-worked-example", "criteria.md worked example: earned 84.5 with C6, bonus 2 → 84.0, B, named", full_zone())
case("zq-two-conditional", "C6 and C7 both apply: applicable max 106",
     full_zone(quality__has_food_products=True, quality__food_spot_check_pass_rate_pct=95))
case("zq-conditional-value-missing", "C6 switched on without its value: applies, earns 0, raises the max",
     full_zone(quality__agri_monitoring_pass_rate_pct=DELETE))
case("zq-vetoed", "a veto keeps the score but gives D and no naming",
     full_zone(integrity__major_quality_incidents_3y=1))
case("zq-ineligible-and-vetoed", "a failed gate gives ineligible even when a veto fires too",
     full_zone(zone__industry_policy_category="restricted", integrity__falsified_material=True))
case("zq-caps", "bonus capped at 5 and final capped at 100; weighted parts capped",
     full_zone(**{"quality__spot_check_pass_rate_pct": 99, "quality__standard_adoption_rate_pct": 60,
                  "quality__iso9001_certified_firms": 40, "quality__standards_led": {"international": 3, "national": 9, "industry": 4, "local": 1, "group": 2},
                  "brands__famous_products": {"national": 3, "zhejiang": 5, "wenzhou": 9},
                  "brands__trademarks": {"well_known": 2, "zhejiang_famous": 0, "wenzhou_known": 1},
                  "brands__regional_title": True, "innovation__invention_patents": 12,
                  "industry__output_10k_cny": 700000,
                  "bonus": {"national_brand_zone": "named", "quality_awards": 3, "export_returns_down": True}}))
case("zq-zero-denominators", "ratios with a zero denominator earn 0 and say why",
     full_zone(industry__previous_output_10k_cny=0, industry__town_industrial_output_10k_cny=0,
               industry__output_10k_cny=0, quality__above_scale_firms=0, quality__iso9001_certified_firms=0,
               market_order__pledge_signed_firms=0))
case("zq-minimal-missing-evidence", "only the required fields: every criterion lacks evidence",
     {"zone": full_zone()["zone"]})
case("zq-nulls-are-missing", "null leaves and a null group count as missing",
     full_zone(quality__spot_check_pass_rate_pct=None, brands=None, quality__has_agricultural_products=None))
case("zq-exact-numbers", "numbers are read exactly: 94.99999999999999999 is below 95",
     None, object_replay=False)
case("zq-exact-ratio", "a ratio 10^-27 below a band's bound stays below it (C3: 89.99…% → 4, not 6)",
     full_zone(quality__above_scale_firms=9999999999999999999999999999, quality__iso9001_certified_firms=8999999999999999999999999999,
               market_order__pledge_signed_firms=7999999999999999999999999999), object_replay=False)
case("zq-beyond-decimal", "a growth rate of ~10^48 % is too large for a decimal: B4 earns 4 and shows it, not missing evidence",
     None, object_replay=False)
case("zq-usual-mistakes", "warnings that never block the score: a pass rate written as a fraction, every veto item blank",
     full_zone(quality__spot_check_pass_rate_pct=0.946, integrity=DELETE))
case("zq-year-warning-and-b3-fallback", "a 2016 year warns; a share below 10 falls back on the provincial rank",
     full_zone(zone__assessment_year=2016, industry__national_market_share_pct=8, industry__provincial_rank=2))
case("aa-ordinary", "annual assessment of a town", annual(), ruleset="annual-assessment")
case("aa-vetoed-and-declining", "a major quality problem vetoes; the pass rate fell 1.5 points",
     annual(integrity__major_quality_problem=True, results__spot_check_pass_rate_pct=93.1), ruleset="annual-assessment")
case("aa-fail-sparse", "a town that reported little fails", annual(work={"leading_group": False}, measures=None, support=None,
                                                                  atmosphere=None, results=None), ruleset="annual-assessment")
case("aa-integer-sum", "ruleset 2 adds whole points: the final score still has one decimal",
     annual(measures__new_standard_adopters=3), ruleset="annual-assessment")
case("invalid-field-errors", "every kind of field error at once, sorted by path",
     full_zone(**{"quality__spot_check_pass_rate_pct": 150, "quality__standard_adoption_rate_pct": "55",
                  "quality__above_scale_firms": 40.5, "zone__industry": "阀门", "zone__name": "",
                  "zone__town": None, "organization__leading_group": 1, "quality__iso9001_certified_firms": 30,
                  "market_order__pledge_signed_firms": 50, "brands__famus_products": {"national": 1},
                  "quality.spot_check_pass_rate_pct": 95, "innovation__meta": {"x": 1},
                  "organization__dedicated_budget_10k_cny": -1, "zone__creating_subject": DELETE}))
case("invalid-constraints", "cross-field constraints are reported at the left field",
     full_zone(industry__output_10k_cny=1200000, quality__iso9001_certified_firms=41, market_order__pledge_signed_firms=41))
case("invalid-many-errors", "150 unknown keys: 100 listed, the rest counted",
     dict(full_zone(), **{f"extra_{i:03d}": i for i in range(150)}))
case("invalid-root-array", "a JSON array is not a submission", [full_zone()])
case("invalid-nan-in-json", "NaN is not JSON: a syntax error with line and column", None, object_replay=False)
case("invalid-json-syntax", "text that is not JSON gets its line and column", None, object_replay=False)
case("invalid-empty", "an empty submission", None, object_replay=False)
case("invalid-duplicate-keys", "duplicate keys are errors at every level", None, object_replay=False)
case("invalid-too-deep", "nesting deeper than 64 is refused", None, object_replay=False)
case("invalid-huge-numbers", "numbers beyond 28 digits or 10^28 are out of range", None, object_replay=False)
case("zq-bom", "a UTF-8 byte-order mark before the JSON is ignored", None, object_replay=False)
case("custom-ruleset", "an inline rule file: if/min/max, half-even rounding to 0 places, no normalisation",
     {"firm": {"name": "样例企业", "score_a": 2.25, "score_b": 7, "kind": "b"}}, ruleset=None,
     ruleset_file="ruleset.toml")
case("custom-rounding-half-away", "10 + 84.05 = 94.05 rounds half away from zero to 94.1 (四舍五入)",
     {"firm": {"name": "样例企业", "score_a": 2.25, "score_b": 7, "kind": "a", "points": 84.05}}, ruleset=None,
     ruleset_file="ruleset.toml")
case("custom-rounding-half-even", "10 + 84.05 = 94.05 rounds half to even to 94.0",
     {"firm": {"name": "样例企业", "score_a": 2.25, "score_b": 7, "kind": "a", "points": 84.05}}, ruleset=None,
     ruleset_file="ruleset.toml")

RAW = {
    "zq-exact-numbers": lambda: json.dumps(full_zone(), ensure_ascii=False, indent=2)
        .replace('"spot_check_pass_rate_pct": 94.5', '"spot_check_pass_rate_pct": 94.99999999999999999')
        .replace('"assessment_year": 2012', '"assessment_year": 2.012e3')
        .replace('"quality_awards": 0', '"quality_awards": -0')
        .replace('"standard_adoption_rate_pct": 45', '"standard_adoption_rate_pct": 53.000000000000000000000001'),
    "invalid-nan-in-json": lambda: '{"zone": {"name": "x", "town": "y", "industry": "valves", "creating_subject": "town_government", '
        '"assessment_year": 2013, "industry_policy_category": "encouraged"}, "quality": {"spot_check_pass_rate_pct": NaN}}',
    "invalid-json-syntax": lambda: '{\n  "zone": {\n    "name": "瓯北",\n    "town": "瓯北",\n  }\n}\n',
    "invalid-empty": lambda: "   \n",
    "invalid-duplicate-keys": lambda: '{"zone": {"name": "a", "name": "b", "town": "瓯北", "industry": "valves", '
        '"creating_subject": "town_government", "assessment_year": 2013, "industry_policy_category": "permitted"}, '
        '"meta": {"id": 1, "id": 2}, "bonus": {}, "bonus": {}}',
    "invalid-too-deep": lambda: '{"meta": ' + "[" * 70 + "]" * 70 + "}",
    "invalid-huge-numbers": lambda: json.dumps(full_zone(), ensure_ascii=False, indent=2)
        .replace('"output_10k_cny": 620000', '"output_10k_cny": 1e40')
        .replace('"dedicated_budget_10k_cny": 300', '"dedicated_budget_10k_cny": 12345678901234567890123456789')
        .replace('"previous_output_10k_cny": 600000', '"previous_output_10k_cny": 1e-30'),
    "zq-beyond-decimal": lambda: json.dumps(full_zone(), ensure_ascii=False, indent=2)
        .replace('"output_10k_cny": 620000', '"output_10k_cny": 9999999999999999999999999')
        .replace('"town_industrial_output_10k_cny": 1000000', '"town_industrial_output_10k_cny": 9999999999999999999999999')
        .replace('"previous_output_10k_cny": 600000', '"previous_output_10k_cny": 0.0000000000000000000001'),
    "zq-bom": lambda: "\ufeff" + json.dumps(full_zone(), ensure_ascii=False),
}

with_options("options-numbers", "detail numbers: the worked example's decisions, ids only, no text", "zq-worked-example",
             detail="numbers")
with_options("options-numbers-annual", "detail numbers of the annual assessment with a veto", "aa-vetoed-and-declining",
             detail="numbers")
with_options("options-reasons-caps", "detail reasons: capped weighted parts and bonus, each part's code and params",
             "zq-caps", detail="reasons")
with_options("options-reasons-gaps", "detail reasons: zero denominators and missing values as gap codes",
             "zq-zero-denominators", detail="reasons")
with_options("options-reasons-beyond", "detail reasons: a value beyond a decimal keeps its whole digits",
             "zq-beyond-decimal", detail="reasons")
with_options("options-zh", "lang zh: every text in Chinese only", "zq-year-warning-and-b3-fallback", lang="zh")
with_options("options-en", "lang en: every text in English only", "zq-ineligible-and-vetoed", lang="en")
with_options("options-zh-failure", "lang zh on a failure: messages in Chinese only", "invalid-field-errors", lang="zh")
with_options("options-numbers-failure", "detail numbers on a failure: the usual failure answer",
             "invalid-json-syntax", detail="numbers", lang="en")

CUSTOM_RULESET = '''format_version = 1
final_score = { normalise = false, rounding = { places = PLACES, mode = "MODE" } }

[ruleset]
id = "custom-sample"
version = "1"
title = { zh = "样例规则", en = "Sample rules" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }
subject_fields = ["firm.name"]

[[fields]]
path = "firm.name"
type = "text"
required = true
label = { zh = "企业名称", en = "Firm" }

[[fields]]
path = "firm.score_a"
type = "decimal"
min = -10
max = 10
label = { zh = "甲项", en = "Item A" }

[[fields]]
path = "firm.score_b"
type = "integer"
label = { zh = "乙项", en = "Item B" }

[[fields]]
path = "firm.kind"
type = "enum"
label = { zh = "类别", en = "Kind" }
values = [{ code = "a", label = { zh = "甲", en = "A" } }, { code = "b", label = { zh = "乙", en = "B" } }]

[[derived]]
id = "best"
expr = "if firm.kind == 'a' then max(firm.score_a, firm.score_b) else min(firm.score_a * 2, firm.score_b) - -0.25"
label = { zh = "最优值", en = "Best" }

[[fields]]
path = "firm.points"
type = "decimal"
label = { zh = "直接得分", en = "Points as given" }

[[dimensions]]
id = "S"
title = { zh = "样例", en = "Sample" }

[[dimensions.criteria]]
id = "S1"
title = { zh = "最优值", en = "Best value" }
max = 10
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "bands", value = "best", bands = [{ at_least = 4.75, points = 10 }, { at_least = 4, points = 2.5 }] }]

[[dimensions.criteria]]
id = "S2"
title = { zh = "直接得分", en = "Points as given" }
max = 90
clause = ["§2"]
basis = { kind = "set" }
parts = [{ kind = "weighted", terms = [{ value = "firm.points", weight = 1 }] }]

[[grades]]
id = "P"
min = 2
label = { zh = "通过", en = "Pass" }

[[grades]]
id = "F"
label = { zh = "未通过", en = "Fail" }

[[outcomes]]
id = "done"
label = { zh = "完成", en = "Done" }
'''


# What a case folder holds besides its inputs: the answers made by scripts/bless.sh.
ANSWERS = {"expected.json", "expected.meaning.json"}


def main():
    for stale in sorted(p for p in ROOT.iterdir() if p.is_dir() and p.name not in CASES):
        print(f"deleted {stale.relative_to(ROOT.parent.parent)}/ (no longer a case)")
        shutil.rmtree(stale)
    for name, (description, submission, ruleset, object_replay, ruleset_file, options) in CASES.items():
        d = ROOT / name
        d.mkdir(parents=True, exist_ok=True)
        meta = {"description": description}
        if ruleset_file:
            meta["ruleset_file"] = ruleset_file
            places, mode = {"custom-rounding-half-away": ("1", "half_away_from_zero"),
                            "custom-rounding-half-even": ("1", "half_even")}.get(name, ("0", "half_even"))
            text = CUSTOM_RULESET.replace("PLACES", places).replace("MODE", mode)
            (d / ruleset_file).write_text(text, encoding="utf-8")
        else:
            meta["ruleset"] = ruleset
        if not object_replay:
            meta["object_replay"] = False
        if options:
            meta["options"] = options
        (d / "case.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        text = RAW[name]() if name in RAW else json.dumps(submission, ensure_ascii=False, indent=2) + "\n"
        (d / "submission.json").write_text(text, encoding="utf-8")
        inputs = {"case.json", "submission.json"} | ({ruleset_file} if ruleset_file else set())
        for stale in sorted(p for p in d.iterdir() if p.name not in inputs | ANSWERS):
            print(f"deleted {stale.relative_to(ROOT.parent.parent)} (not an input of the case)")
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()


if __name__ == "__main__":
    main()
