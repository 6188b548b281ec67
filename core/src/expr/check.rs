//! Name resolution and type checking: turns an [`Ast`] into an evaluable [`Expr`].

use super::eval::{Const, Expr};
use super::parse::{Ast, BinOp, ExprError, Span};
use super::{ResultVar, Ty};
use crate::compile::DiagnosticCode;

/// What a name in an expression refers to.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// A submission field, by index, with its type and (for enums) its codes.
    Field { index: usize, ty: Ty, codes: Option<Vec<String>> },
    /// A derived value, by index.
    Derived { index: usize, ty: Ty },
    /// An outcome variable.
    Result(ResultVar),
    /// A declared name whose own definition has errors (reported there): a use of it is
    /// not reported again.
    Broken,
}

/// The names an expression may use, provided by the ruleset compiler.
pub trait Names {
    /// What `name` refers to here, if anything.
    fn resolve(&self, name: &str) -> Option<Resolved>;
    /// A known name close to `name`, for a "did you mean" help.
    fn suggest(&self, name: &str) -> Option<String>;
    /// The codes an outcome variable takes (`result.grade`: the grades' ids), if it has codes.
    fn result_codes(&self, _var: ResultVar) -> Option<Vec<String>> {
        None
    }
}

/// The code of an error in an expression that only reads a name with errors of its own:
/// the compiler leaves it out, so that one mistake is reported once, where it is made.
pub(crate) const DEPENDS_ON_ERROR: DiagnosticCode = DiagnosticCode::DependsOnError;

/// The name of a type in Chinese diagnostics (逻辑值 as in a spreadsheet's TRUE/FALSE).
fn ty_zh(ty: Ty) -> &'static str {
    match ty {
        Ty::Number => "数值",
        Ty::Bool => "逻辑值",
        Ty::Text => "文本",
    }
}

/// Checks that `got` is `want`; `what` names the checked part in Chinese and English
/// (`("表达式", "the expression")`).
fn expect(got: Ty, want: Ty, span: Span, what: (&str, &str)) -> Result<(), ExprError> {
    if got == want {
        return Ok(());
    }
    let (zh, en) = what;
    Err(ExprError::new(
        DiagnosticCode::TypeMismatch,
        span,
        format!("{zh}应为{}，实际为{}", ty_zh(want), ty_zh(got)),
        format!("{en} must be a {}, found a {}", want.name(), got.name()),
    ))
}

/// Resolves names and checks types; the result has type `want` when given.
pub(crate) fn check(ast: &Ast, names: &dyn Names, want: Option<Ty>) -> Result<Expr, ExprError> {
    let (expr, ty) = typed(ast, names)?;
    if let Some(want) = want {
        expect(ty, want, ast.span(), ("表达式", "the expression"))?;
    }
    Ok(expr)
}

fn codes_of(ast: &Ast, names: &dyn Names) -> Option<Vec<String>> {
    match ast {
        Ast::Name(name, _) => match names.resolve(name) {
            Some(Resolved::Field { codes, .. }) => codes,
            Some(Resolved::Result(var)) => names.result_codes(var),
            _ => None,
        },
        _ => None,
    }
}

/// Checks that a text literal compared with an enum field (or `result.grade`) is one of its
/// codes: a comparison with another text could never hold.
fn check_code(codes: &Option<Vec<String>>, other: &Ast) -> Result<(), ExprError> {
    let (Some(codes), Ast::Text(text, span)) = (codes, other) else {
        return Ok(());
    };
    if codes.iter().any(|c| c == text) {
        return Ok(());
    }
    Err(ExprError::new(
        DiagnosticCode::UnknownEnumValue,
        *span,
        format!("`{text}` 不是该字段的可选代码"),
        format!("`{text}` is not a code of this field"),
    )
    .help(format!("可选代码为：{}", codes.join("、")), format!("use one of: {}", codes.join(", "))))
}

/// Types an expression. The functions on its recursion keep few locals, their errors' messages
/// made by the functions they call: so the tallest expression (`MAX_EXPR_HEIGHT`) checks on a
/// 2 MiB thread in an unoptimised build too, where each local takes its own room.
fn typed(ast: &Ast, names: &dyn Names) -> Result<(Expr, Ty), ExprError> {
    Ok(match ast {
        Ast::Neg(inner, _) => {
            let (e, ty) = typed(inner, names)?;
            expect(ty, Ty::Number, inner.span(), ("`-` 的运算对象", "the operand of `-`"))?;
            (Expr::Neg(Box::new(e)), Ty::Number)
        }
        Ast::Not(inner, _) => {
            let (e, ty) = typed(inner, names)?;
            expect(ty, Ty::Bool, inner.span(), ("`not` 的运算对象", "the operand of `not`"))?;
            (Expr::Not(Box::new(e)), Ty::Bool)
        }
        Ast::Binary(op, l, r, _) => {
            let left = typed(l, names)?;
            let right = typed(r, names)?;
            binary(*op, (l, left), (r, right), names)?
        }
        Ast::In(needle, items, _) => {
            let (e, ty) = typed(needle, names)?;
            (Expr::In(Box::new(e), literals(needle, ty, items, names)?), Ty::Bool)
        }
        Ast::Call(name, args, span) => {
            let is_min = callee(name, args.len(), *span)?;
            let mut checked = Vec::with_capacity(args.len());
            for arg in args {
                let (e, ty) = typed(arg, names)?;
                argument(name, ty, arg.span())?;
                checked.push(e);
            }
            (if is_min { Expr::Min(checked) } else { Expr::Max(checked) }, Ty::Number)
        }
        Ast::If(c, a, b, _) => {
            let (ce, cty) = typed(c, names)?;
            expect(cty, Ty::Bool, c.span(), ("`if` 之后的条件", "the condition after `if`"))?;
            let (ae, aty) = typed(a, names)?;
            let (be, bty) = typed(b, names)?;
            expect(bty, aty, b.span(), ("`else` 分支", "the `else` branch"))?;
            (Expr::If(Box::new(ce), Box::new(ae), Box::new(be)), aty)
        }
        Ast::Number(n, _) => (Expr::Const(Const::Number(*n)), Ty::Number),
        Ast::Bool(b, _) => (Expr::Const(Const::Bool(*b)), Ty::Bool),
        Ast::Text(t, _) => (Expr::Const(Const::Text(t.clone())), Ty::Text),
        Ast::Name(name, span) => named(name, *span, names)?,
        Ast::Present(name, span) => present(name, *span, names)?,
    })
}

/// What a name stands for.
fn named(name: &str, span: Span, names: &dyn Names) -> Result<(Expr, Ty), ExprError> {
    match names.resolve(name) {
        Some(Resolved::Field { index, ty, .. }) => Ok((Expr::Field(index), ty)),
        Some(Resolved::Derived { index, ty }) => Ok((Expr::Derived(index), ty)),
        Some(Resolved::Result(var)) => Ok((Expr::Var(var), var.ty())),
        Some(Resolved::Broken) => Err(ExprError::new(
            DEPENDS_ON_ERROR,
            span,
            format!("`{name}` 本身有错误，已在其定义处报告"),
            format!("`{name}` has errors of its own, reported where it is defined"),
        )),
        None => {
            let err = ExprError::new(
                DiagnosticCode::UnknownName,
                span,
                format!("未知字段或派生值 `{name}`"),
                format!("unknown field or value `{name}`"),
            );
            let err = match names.suggest(name) {
                // An outcome variable read before there is a result (a veto's `when`).
                _ if ResultVar::from_name(name).is_some() => err.help(
                    "`result.…` 只能用于结论（outcomes）的 `when`",
                    "`result.…` is read only in an outcome's `when`",
                ),
                Some(s) => err.help(format!("你是否想写 `{s}`？"), format!("did you mean `{s}`?")),
                None => err.help(
                    "请在 `fields` 中声明该字段，或在 `derived` 中定义该派生值",
                    "declare the field under `fields` or the value under `derived`",
                ),
            };
            Err(err)
        }
    }
}

/// `present(name)`.
fn present(name: &str, span: Span, names: &dyn Names) -> Result<(Expr, Ty), ExprError> {
    match names.resolve(name) {
        Some(Resolved::Field { index, .. }) => Ok((Expr::Present(index), Ty::Bool)),
        _ => {
            let err = ExprError::new(
                DiagnosticCode::UnknownName,
                span,
                format!("`present` 的参数须为已声明的字段，`{name}` 不是"),
                format!("`present` needs a declared field, not `{name}`"),
            );
            let err = match names.suggest(name) {
                Some(s) => err.help(format!("你是否想写 `{s}`？"), format!("did you mean `{s}`?")),
                None => err,
            };
            Err(err)
        }
    }
}

/// The literals after `in`, each of the needle's type (and one of its codes).
fn literals(needle: &Ast, ty: Ty, items: &[Ast], names: &dyn Names) -> Result<Vec<Const>, ExprError> {
    let codes = codes_of(needle, names);
    let mut consts = Vec::with_capacity(items.len());
    for item in items {
        let c = match item {
            Ast::Number(n, _) => (Const::Number(*n), Ty::Number),
            Ast::Text(t, _) => (Const::Text(t.clone()), Ty::Text),
            Ast::Bool(b, _) => (Const::Bool(*b), Ty::Bool),
            other => {
                return Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    other.span(),
                    "`in` 之后的列表只能写常量",
                    "the list after `in` holds literals only",
                ))
            }
        };
        expect(c.1, ty, item.span(), ("`in` 之后的每一项", "each item after `in`"))?;
        check_code(&codes, item)?;
        consts.push(c.0);
    }
    Ok(consts)
}

/// Whether a call is to `min` (or else `max`) with two arguments or more.
fn callee(name: &str, args: usize, span: Span) -> Result<bool, ExprError> {
    let is_min = match name {
        "min" => true,
        "max" => false,
        _ => {
            return Err(ExprError::new(
                DiagnosticCode::UnknownFunction,
                span,
                format!("未知函数 `{name}`"),
                format!("unknown function `{name}`"),
            )
            .help("可用的函数为 `min`、`max` 和 `present`", "the functions are `min`, `max` and `present`"))
        }
    };
    if args < 2 {
        return Err(ExprError::new(
            DiagnosticCode::BadCall,
            span,
            format!("`{name}` 须有两个或更多数值参数"),
            format!("`{name}` takes two or more numbers"),
        ));
    }
    Ok(is_min)
}

/// Checks that an argument of `min` or `max` is a number.
fn argument(name: &str, ty: Ty, span: Span) -> Result<(), ExprError> {
    expect(ty, Ty::Number, span, (&format!("`{name}` 的每个参数"), &format!("each argument of `{name}`")))
}

/// A binary operation over its typed sides.
fn binary(
    op: BinOp,
    (l, (le, lty)): (&Ast, (Expr, Ty)),
    (r, (re, rty)): (&Ast, (Expr, Ty)),
    names: &dyn Names,
) -> Result<(Expr, Ty), ExprError> {
    let sym = op.symbol();
    let (left_zh, left_en) = (format!("`{sym}` 的左边"), format!("the left side of `{sym}`"));
    let (right_zh, right_en) = (format!("`{sym}` 的右边"), format!("the right side of `{sym}`"));
    let (left, right) = ((left_zh.as_str(), left_en.as_str()), (right_zh.as_str(), right_en.as_str()));
    Ok(match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
            expect(lty, Ty::Number, l.span(), left)?;
            expect(rty, Ty::Number, r.span(), right)?;
            // A written 0, or its negation (`-0`).
            let zero = match r {
                Ast::Neg(inner, _) => inner,
                _ => r,
            };
            if let (BinOp::Div, Ast::Number(n, span)) = (op, zero) {
                if n.is_zero() {
                    return Err(ExprError::new(
                        DiagnosticCode::OutOfRange,
                        *span,
                        "除数为 0：对任何申报都没有值",
                        "division by 0: no value for any submission",
                    ));
                }
            }
            (Expr::Arith(op, Box::new(le), Box::new(re)), Ty::Number)
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            expect(lty, Ty::Number, l.span(), left)?;
            expect(rty, Ty::Number, r.span(), right)?;
            (Expr::Compare(op, Box::new(le), Box::new(re)), Ty::Bool)
        }
        BinOp::Eq | BinOp::Ne => {
            expect(rty, lty, r.span(), right)?;
            check_code(&codes_of(l, names), r)?;
            check_code(&codes_of(r, names), l)?;
            (Expr::Compare(op, Box::new(le), Box::new(re)), Ty::Bool)
        }
        BinOp::And | BinOp::Or => {
            expect(lty, Ty::Bool, l.span(), left)?;
            expect(rty, Ty::Bool, r.span(), right)?;
            if op == BinOp::And {
                (Expr::And(Box::new(le), Box::new(re)), Ty::Bool)
            } else {
                (Expr::Or(Box::new(le), Box::new(re)), Ty::Bool)
            }
        }
    })
}
