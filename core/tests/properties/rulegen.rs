//! Generated rule files: random fields, criteria of every part kind (flags, bands,
//! weighted sums with caps), a conditional criterion, a capped bonus, a veto and any
//! pipeline; with submissions for them. The properties of `main` must hold for them too.

use super::*;
use std::fmt::Write;

/// A generated rule file and what the properties need to know of it.
#[derive(Debug, Clone)]
pub struct GenRules {
    pub text: String,
    pub numbers: usize,
    pub bonus_cap: Decimal,
    pub final_max: Option<Decimal>,
}

/// Points up to `max`, whole or in halves.
fn points(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=2 * max).prop_map(|halves| Decimal::new(halves * 5, 1).normalize())
}

/// A part over `numbers` number fields `f.n0…` and 2 bool fields `f.b0`, `f.b1`.
fn part(numbers: usize, max: i64) -> impl Strategy<Value = String> {
    let field = move || (0..numbers).prop_map(|i| format!("f.n{i}"));
    let value = prop_oneof![3 => field(), 1 => Just("ratio".to_owned())];
    let flag = (prop_oneof![Just("f.b0".to_owned()), field().prop_map(|f| format!("{f} >= 50"))], points(max))
        .prop_map(|(when, p)| format!(r#"{{ kind = "flag", when = "{when}", points = {p} }}"#));
    let bands = (value, proptest::collection::btree_map(0i64..=200, points(max), 1..4)).prop_map(|(v, edges)| {
        let list: Vec<String> =
            edges.iter().rev().map(|(at, p)| format!("{{ at_least = {at}, points = {p} }}")).collect();
        format!(r#"{{ kind = "bands", value = "{v}", bands = [{}] }}"#, list.join(", "))
    });
    let weight = prop_oneof![Just("0.5"), Just("1"), Just("2")];
    let weighted = (proptest::collection::vec((field(), weight), 1..3), proptest::option::of(points(max))).prop_map(
        |(terms, cap)| {
            let list: Vec<String> =
                terms.iter().map(|(f, w)| format!(r#"{{ value = "{f}", weight = {w} }}"#)).collect();
            let cap = cap.map(|c| format!(", cap = {c}")).unwrap_or_default();
            format!(
                r#"{{ kind = "weighted", label = {{ zh = "加权", en = "Weighted" }}, terms = [{}]{cap} }}"#,
                list.join(", ")
            )
        },
    );
    let requires = proptest::option::weighted(0.2, Just(r#"requires = "f.b1", "#));
    (prop_oneof![flag, bands, weighted], requires).prop_map(|(p, r)| match r {
        Some(r) => p.replacen("{ ", &format!("{{ {r}"), 1),
        None => p,
    })
}

fn criterion(numbers: usize, id: String, conditional: bool) -> impl Strategy<Value = String> {
    (1i64..=10).prop_flat_map(move |max| (Just(max), proptest::collection::vec(part(numbers, max), 1..4))).prop_map(move |(max, parts)| {
        let applies = if conditional { "applies_when = \"f.b1\"\n" } else { "" };
        format!(
            "id = \"{id}\"\ntitle = {{ zh = \"{id}\", en = \"{id}\" }}\nmax = {max}\nclause = [\"§1\"]\nbasis = {{ kind = \"set\" }}\n{applies}parts = [\n  {}\n]\n",
            parts.join(",\n  ")
        )
    })
}

pub fn rules() -> impl Strategy<Value = GenRules> {
    let shape = (
        2usize..6,
        1usize..4,
        any::<bool>(),
        0i64..=8,
        any::<bool>(),
        0u32..3,
        0usize..3,
        proptest::option::of(Just(100i64)),
    );
    shape.prop_flat_map(|(numbers, dims, normalise, bonus_cap, veto, places, mode, max)| {
        let crits = proptest::collection::vec(proptest::collection::vec(Just(()), 1..4), dims)
            .prop_map(|d| d.iter().map(Vec::len).collect::<Vec<_>>())
            .prop_flat_map(move |sizes| {
                let mut all = Vec::new();
                for (d, n) in sizes.iter().enumerate() {
                    for c in 0..*n {
                        all.push(criterion(numbers, format!("K{d}{c}"), d == 0 && c == 1).prop_map(move |t| (d, t)).boxed());
                    }
                }
                all
            });
        let bonus = proptest::collection::vec(criterion(numbers, "B".to_owned(), false), 0..3);
        (crits, bonus).prop_map(move |(crits, bonus)| {
            let mode = ["half_away_from_zero", "half_even", "toward_zero"][mode];
            let max_text = max.map(|m| format!("max = {m}, ")).unwrap_or_default();
            let mut t = format!(
                "format_version = 1\nfinal_score = {{ normalise = {normalise}, {max_text}rounding = {{ places = {places}, mode = \"{mode}\" }} }}\n"
            );
            if veto {
                t.push_str("veto_grade = \"C\"\n");
            }
            t.push_str("\n[ruleset]\nid = \"generated\"\nversion = \"1\"\ntitle = { zh = \"生成\", en = \"Generated\" }\nsource = { document = \"样例\", title = { zh = \"样例\", en = \"Sample\" } }\n");
            for i in 0..numbers {
                let ty = if i % 2 == 0 { "amount" } else { "count" };
                let _ = write!(t, "\n[[fields]]\npath = \"f.n{i}\"\ntype = \"{ty}\"\nlabel = {{ zh = \"数{i}\", en = \"N{i}\" }}\n");
            }
            for i in 0..2 {
                let _ = write!(t, "\n[[fields]]\npath = \"f.b{i}\"\ntype = \"bool\"\nlabel = {{ zh = \"是{i}\", en = \"B{i}\" }}\n");
            }
            t.push_str("\n[[derived]]\nid = \"ratio\"\nexpr = \"f.n0 / f.n1 * 100\"\nlabel = { zh = \"比\", en = \"Ratio\" }\n");
            let mut last_dim = None;
            for (d, body) in &crits {
                if last_dim != Some(*d) {
                    let _ = write!(t, "\n[[dimensions]]\nid = \"D{d}\"\ntitle = {{ zh = \"维{d}\", en = \"D{d}\" }}\n");
                    last_dim = Some(*d);
                }
                let _ = write!(t, "\n[[dimensions.criteria]]\n{body}");
            }
            if veto {
                t.push_str("\n[[vetoes]]\nid = \"V\"\ntitle = { zh = \"否\", en = \"Veto\" }\nfires_when = \"f.b0 and f.n0 > 900\"\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\n");
            }
            if !bonus.is_empty() {
                let _ = write!(t, "\n[bonus]\ncap = {bonus_cap}\n");
                for (i, body) in bonus.iter().enumerate() {
                    let _ = write!(t, "\n[[bonus.items]]\n{}", body.replacen("id = \"B\"", &format!("id = \"B{i}\""), 1));
                }
            }
            t.push_str("\n[[grades]]\nid = \"A\"\nmin = 80\nlabel = { zh = \"优\", en = \"A\" }\n\n[[grades]]\nid = \"B\"\nmin = 60\nlabel = { zh = \"良\", en = \"B\" }\n\n[[grades]]\nid = \"C\"\nlabel = { zh = \"差\", en = \"C\" }\n");
            t.push_str("\n[[outcomes]]\nid = \"ok\"\nwhen = \"result.grade == 'A'\"\nlabel = { zh = \"好\", en = \"Good\" }\n\n[[outcomes]]\nid = \"no\"\nlabel = { zh = \"否\", en = \"No\" }\n");
            let bonus_cap = if bonus.is_empty() { Decimal::ZERO } else { Decimal::from(bonus_cap) };
            GenRules { text: t, numbers, bonus_cap, final_max: max.map(Decimal::from) }
        })
    })
}

/// A submission for generated rules: each field present, missing or null.
pub fn submission(numbers: usize) -> impl Strategy<Value = Input> {
    let number = prop_oneof![
        (0u32..=1000).prop_map(|n| Input::Number(n.to_string())),
        (0u32..=100_000).prop_map(|n| Input::Number(Decimal::new(i64::from(n), 2).normalize().to_string())),
        Just(Input::Number("9999999999999999999999999999".to_owned())),
        Just(Input::Null),
    ];
    let numbers = proptest::collection::vec(proptest::option::weighted(0.85, number), numbers);
    let bools = proptest::collection::vec(proptest::option::of(any::<bool>()), 2);
    (numbers, bools).prop_map(|(ns, bs)| {
        let mut members = Vec::new();
        for (i, n) in ns.into_iter().enumerate() {
            if let Some(n) = n {
                members.push((format!("n{i}"), n));
            }
        }
        for (i, b) in bs.into_iter().enumerate() {
            if let Some(b) = b {
                members.push((format!("b{i}"), Input::Bool(b)));
            }
        }
        Input::Object(vec![("f".to_owned(), Input::Object(members))])
    })
}
