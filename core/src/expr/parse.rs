//! Recursive-descent parser of the rule expression language (its lexer is `lex.rs`).
//!
//! Grammar, loosest binding first:
//! `if c then a else b` · `or` · `and` · `not` · comparisons (`== != < <= > >=`, `in [..]`)
//! · `+ -` · `* /` · unary `-` · literals, dotted names, `present(path)`, `min(..)`, `max(..)`, `( )`.

use super::lex::{lex, Tok};
pub(crate) use crate::compile::DiagnosticCode;
use crate::model::Text;
use rust_decimal::Decimal;

/// Deepest nesting an expression may have; keeps the recursive parser and evaluator shallow.
pub const MAX_EXPR_DEPTH: usize = 32;
/// Longest expression text accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 4096;
/// Most operations an expression may stack on one another, counting each operand of a chain
/// (`1+1+…` is one level a term): checking, compiling, evaluating and dropping an expression
/// each recurse once a level, and a chain as long as [`MAX_EXPR_LEN`] allows (2,048 terms)
/// overflowed the 1 MiB stack of a WebAssembly module.
pub const MAX_EXPR_HEIGHT: usize = 128;

/// Byte range in the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A problem in an expression's text, at a byte range of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Stable code (`expr_syntax`, `unknown_name`, `type_mismatch`, …).
    pub code: DiagnosticCode,
    /// The problem in Chinese and English: one sentence each, no final period (the
    /// English in lowercase).
    pub message: Text,
    /// What to do about it, in both languages (boxed: errors stay small on the parser's
    /// hot path, where every call returns a `Result`).
    pub help: Option<Box<Text>>,
    /// Where in the expression.
    pub span: Span,
}

impl ExprError {
    /// An error with its message in Chinese and in English, side by side.
    pub(crate) fn new(code: DiagnosticCode, span: Span, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { code, message: Text::new(zh, en), help: None, span }
    }

    /// This error with guidance in Chinese and in English.
    pub(crate) fn help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.help = Some(Box::new(Text::new(zh, en)));
        self
    }
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::And => "and",
            Self::Or => "or",
        }
    }
}

/// Parsed expression, before names are resolved and types checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Number(Decimal, Span),
    Bool(bool, Span),
    Text(String, Span),
    Name(String, Span),
    Present(String, Span),
    Neg(Box<Ast>, Span),
    Not(Box<Ast>, Span),
    Binary(BinOp, Box<Ast>, Box<Ast>, Span),
    In(Box<Ast>, Vec<Ast>, Span),
    Call(String, Vec<Ast>, Span),
    If(Box<Ast>, Box<Ast>, Box<Ast>, Span),
}

impl Ast {
    /// Where the expression stands in its text.
    pub fn span(&self) -> Span {
        match self {
            Self::Number(_, s)
            | Self::Bool(_, s)
            | Self::Text(_, s)
            | Self::Name(_, s)
            | Self::Present(_, s)
            | Self::Neg(_, s)
            | Self::Not(_, s)
            | Self::Binary(_, _, _, s)
            | Self::In(_, _, s)
            | Self::Call(_, _, s)
            | Self::If(_, _, _, s) => *s,
        }
    }
}

/// Parses an expression's text.
pub fn parse(src: &str) -> Result<Ast, ExprError> {
    if src.len() > MAX_EXPR_LEN {
        let span = Span { start: 0, end: src.len() };
        return Err(ExprError::new(
            DiagnosticCode::ExprTooLong,
            span,
            format!("表达式长度超过 {MAX_EXPR_LEN} 字节"),
            format!("expression is longer than {MAX_EXPR_LEN} bytes"),
        ));
    }
    let tokens = lex(src)?;
    let mut p = Parser { tokens, pos: 0, depth: 0, height: 0 };
    let ast = p.expr()?;
    match p.peek() {
        (Tok::End, _) => Ok(ast),
        (_, span) => Err(ExprError::new(
            DiagnosticCode::ExprSyntax,
            span,
            "表达式之后有多余内容",
            "unexpected text after the expression",
        )
        .help("多个条件请用 `and` 或 `or` 连接", "join conditions with `and` or `or`")),
    }
}

struct Parser {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    depth: usize,
    /// The height of the tree the last production returned (a leaf is 1).
    height: usize,
}

fn join(a: Span, b: Span) -> Span {
    Span { start: a.start, end: b.end }
}

impl Parser {
    fn peek(&self) -> (Tok, Span) {
        self.tokens
            .get(self.pos)
            .or_else(|| self.tokens.last())
            .cloned()
            .unwrap_or((Tok::End, Span { start: 0, end: 0 }))
    }

    fn bump(&mut self) -> (Tok, Span) {
        let t = self.peek();
        self.pos += 1;
        t
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek().0, Tok::Sym(x) if x == s)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.peek().0, Tok::Ident(x) if x == w)
    }

    fn expect_sym(&mut self, s: &'static str) -> Result<Span, ExprError> {
        let (tok, span) = self.bump();
        match tok {
            Tok::Sym(x) if x == s => Ok(span),
            _ => Err(ExprError::new(
                DiagnosticCode::ExprSyntax,
                span,
                format!("此处应为 `{s}`"),
                format!("expected `{s}`"),
            )),
        }
    }

    fn nest(&mut self, span: Span) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return Err(ExprError::new(
                DiagnosticCode::ExprTooDeep,
                span,
                format!("表达式嵌套超过 {MAX_EXPR_DEPTH} 层"),
                format!("expression is nested deeper than {MAX_EXPR_DEPTH}"),
            ));
        }
        Ok(())
    }

    /// Records a node built over operands at most `below` high, refusing one taller than
    /// [`MAX_EXPR_HEIGHT`].
    fn rise(&mut self, below: usize, span: Span) -> Result<(), ExprError> {
        self.height = below + 1;
        if self.height > MAX_EXPR_HEIGHT {
            return Err(ExprError::new(
                DiagnosticCode::ExprTooDeep,
                span,
                format!("表达式的运算层数超过 {MAX_EXPR_HEIGHT} 层"),
                format!("expression stacks more than {MAX_EXPR_HEIGHT} operations"),
            )
            .help(
                "请把长的连加、连乘拆成几个派生值（[[derived]]），再把它们相加",
                "split a long chain of `+` or `*` into derived values ([[derived]]) and add those",
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Ast, ExprError> {
        let span = self.peek().1;
        self.nest(span)?;
        let result = if self.is_word("if") {
            self.bump();
            let cond = self.expr()?;
            let mut below = self.height;
            if !self.is_word("then") {
                return Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    self.peek().1,
                    "此处应为 `then`",
                    "expected `then`",
                ));
            }
            self.bump();
            let yes = self.expr()?;
            below = below.max(self.height);
            if !self.is_word("else") {
                return Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    self.peek().1,
                    "此处应为 `else`",
                    "expected `else`",
                )
                .help("每个 `if` 都须有 `then` 和 `else`", "every `if` needs both `then` and `else`"));
            }
            self.bump();
            let no = self.expr()?;
            let s = join(span, no.span());
            self.rise(below.max(self.height), s)?;
            Ok(Ast::If(Box::new(cond), Box::new(yes), Box::new(no), s))
        } else {
            self.or()
        };
        self.depth -= 1;
        result
    }

    fn binary_chain(
        &mut self,
        ops: &[(&str, BinOp)],
        word_ops: bool,
        next: fn(&mut Self) -> Result<Ast, ExprError>,
    ) -> Result<Ast, ExprError> {
        let mut left = next(self)?;
        let mut below = self.height;
        loop {
            let op = ops.iter().find(|(s, _)| if word_ops { self.is_word(s) } else { self.is_sym(s) });
            let Some(&(_, op)) = op else {
                self.height = below;
                return Ok(left);
            };
            self.bump();
            let right = next(self)?;
            let span = join(left.span(), right.span());
            self.rise(below.max(self.height), span)?;
            below = self.height;
            left = Ast::Binary(op, Box::new(left), Box::new(right), span);
        }
    }

    fn or(&mut self) -> Result<Ast, ExprError> {
        self.binary_chain(&[("or", BinOp::Or)], true, Self::and)
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        self.binary_chain(&[("and", BinOp::And)], true, Self::not)
    }

    fn not(&mut self) -> Result<Ast, ExprError> {
        if self.is_word("not") {
            let (_, span) = self.bump();
            self.nest(span)?;
            let inner = self.not()?;
            self.depth -= 1;
            let s = join(span, inner.span());
            self.rise(self.height, s)?;
            return Ok(Ast::Not(Box::new(inner), s));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Ast, ExprError> {
        let left = self.additive()?;
        let mut below = self.height;
        const OPS: [(&str, BinOp); 6] = [
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
        ];
        if self.is_word("in") {
            self.bump();
            self.expect_sym("[")?;
            let mut items = Vec::new();
            while !self.is_sym("]") {
                items.push(self.additive()?);
                below = below.max(self.height);
                if !self.is_sym("]") {
                    self.expect_sym(",")?;
                }
            }
            let end = self.expect_sym("]")?;
            let s = join(left.span(), end);
            self.rise(below, s)?;
            return Ok(Ast::In(Box::new(left), items, s));
        }
        if let Some(&(_, op)) = OPS.iter().find(|(s, _)| self.is_sym(s)) {
            self.bump();
            let right = self.additive()?;
            if OPS.iter().any(|(s, _)| self.is_sym(s)) {
                return Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    self.peek().1,
                    "比较运算不能连写",
                    "comparisons cannot be chained",
                )
                .help("请写成 `a <= b and b <= c`", "write `a <= b and b <= c`"));
            }
            let s = join(left.span(), right.span());
            self.rise(below.max(self.height), s)?;
            return Ok(Ast::Binary(op, Box::new(left), Box::new(right), s));
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Ast, ExprError> {
        self.binary_chain(&[("+", BinOp::Add), ("-", BinOp::Sub)], false, Self::multiplicative)
    }

    fn multiplicative(&mut self) -> Result<Ast, ExprError> {
        self.binary_chain(&[("*", BinOp::Mul), ("/", BinOp::Div)], false, Self::unary)
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if self.is_sym("-") {
            let (_, span) = self.bump();
            self.nest(span)?;
            let inner = self.unary()?;
            self.depth -= 1;
            let s = join(span, inner.span());
            self.rise(self.height, s)?;
            return Ok(Ast::Neg(Box::new(inner), s));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Ast, ExprError> {
        let (tok, span) = self.bump();
        // A leaf; a bracket or a call sets its own.
        self.height = 1;
        match tok {
            Tok::Num(n) => Ok(Ast::Number(n, span)),
            Tok::Str(s) => Ok(Ast::Text(s, span)),
            Tok::Sym("(") => {
                let inner = self.expr()?;
                self.expect_sym(")")?;
                Ok(inner)
            }
            Tok::Ident(word) => match word.as_str() {
                "true" => Ok(Ast::Bool(true, span)),
                "false" => Ok(Ast::Bool(false, span)),
                "and" | "or" | "not" | "if" | "then" | "else" | "in" => Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    span,
                    format!("`{word}` 不能出现在此处"),
                    format!("`{word}` cannot stand here"),
                )),
                _ if self.is_sym("(") => self.call(word, span),
                _ => Ok(Ast::Name(word, span)),
            },
            Tok::End => {
                Err(ExprError::new(DiagnosticCode::ExprSyntax, span, "表达式不完整", "expression ends too early"))
            }
            Tok::Sym(s) => Err(ExprError::new(
                DiagnosticCode::ExprSyntax,
                span,
                format!("此处不应出现 `{s}`"),
                format!("unexpected `{s}`"),
            )),
        }
    }

    fn call(&mut self, name: String, span: Span) -> Result<Ast, ExprError> {
        self.expect_sym("(")?;
        let mut args = Vec::new();
        let mut below = 0;
        while !self.is_sym(")") {
            args.push(self.expr()?);
            below = below.max(self.height);
            if !self.is_sym(")") {
                self.expect_sym(",")?;
            }
        }
        let end = self.expect_sym(")")?;
        let s = join(span, end);
        if name == "present" {
            // A leaf: `present(path)` names a field and computes nothing.
            self.height = 1;
            return match args.as_slice() {
                [Ast::Name(path, _)] => Ok(Ast::Present(path.clone(), s)),
                _ => Err(ExprError::new(
                    DiagnosticCode::BadCall,
                    s,
                    "`present` 只接受一个字段路径",
                    "`present` takes one field path",
                )
                .help("请写成 `present(quality.above_scale_firms)`", "write `present(quality.above_scale_firms)`")),
            };
        }
        self.rise(below, s)?;
        Ok(Ast::Call(name, args, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_as_documented() {
        let ast = parse("not a.b >= 2 and c or d").unwrap();
        let Ast::Binary(BinOp::Or, left, _, _) = ast else { panic!("or at the top") };
        assert!(matches!(*left, Ast::Binary(BinOp::And, _, _, _)));
        let ast = parse("a - b / c * 100").unwrap();
        assert!(matches!(ast, Ast::Binary(BinOp::Sub, _, _, _)));
    }

    #[test]
    fn reports_where_it_went_wrong() {
        let err = parse("a.b = 1").unwrap_err();
        assert_eq!((err.code, err.span.start), (DiagnosticCode::ExprSyntax, 4));
        assert_eq!(err.help.as_deref(), Some(&Text::new("判断相等请用 `==`", "compare with `==`")));
        assert_eq!(parse("a < b < c").unwrap_err().message.en, "comparisons cannot be chained");
        assert_eq!(parse("if a then b").unwrap_err().message, Text::new("此处应为 `else`", "expected `else`"));
        assert_eq!(parse("(a").unwrap_err().message.en, "expected `)`");
        assert_eq!(parse("").unwrap_err().message, Text::new("表达式不完整", "expression ends too early"));
        assert_eq!(parse("present(1)").unwrap_err().code, "bad_call");
    }

    #[test]
    fn a_chinese_keyboard_s_characters_are_answered_with_their_ascii() {
        for (src, at, ascii) in [
            ("a.b （ 1", 4, "("),
            ("max(a.b，1)", 7, ","),
            ("a.b ＞＝ 1", 4, ">"),
            ("a.b ≥ 95", 4, ">="),
            ("a.b ≠ 1", 4, "!="),
            ("Ｔ1 > 0", 0, "T"),
            ("a.b\u{3000}> 1", 3, " "),
        ] {
            let err = parse(src).unwrap_err();
            assert_eq!((err.code, err.span.start), (DiagnosticCode::ExprSyntax, at), "{src}");
            let help = err.help.as_deref().map(|h| h.en.as_str()).unwrap_or_default();
            assert!(help.starts_with(&format!("write `{ascii}`")), "{src}: {help}");
        }
        // Not every character stands for one.
        assert!(parse("a.b 。 1").unwrap_err().help.is_none());
    }

    #[test]
    fn bounds_depth_and_length() {
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(parse(&deep).unwrap_err().code, "expr_too_deep");
        let nots = format!("{}true", "not ".repeat(100));
        assert_eq!(parse(&nots).unwrap_err().code, "expr_too_deep");
        assert_eq!(parse(&"1+".repeat(3000)).unwrap_err().code, "expr_too_long");
    }

    /// The height of a parsed tree, counted apart from the parser's own count.
    fn height(ast: &Ast) -> usize {
        1 + match ast {
            Ast::Number(..) | Ast::Bool(..) | Ast::Text(..) | Ast::Name(..) | Ast::Present(..) => 0,
            Ast::Neg(a, _) | Ast::Not(a, _) => height(a),
            Ast::Binary(_, a, b, _) => height(a).max(height(b)),
            Ast::In(a, items, _) => items.iter().map(height).max().unwrap_or(0).max(height(a)),
            Ast::Call(_, args, _) => args.iter().map(height).max().unwrap_or(0),
            Ast::If(a, b, c, _) => height(a).max(height(b)).max(height(c)),
        }
    }

    #[test]
    fn bounds_how_many_operations_stack() {
        let chain = |n: usize, op: &str| vec!["1"; n].join(op);
        // A chain of n terms stands n high.
        for op in ["+", "*", "-", "/"] {
            let tallest = chain(MAX_EXPR_HEIGHT, op);
            assert_eq!(height(&parse(&tallest).unwrap()), MAX_EXPR_HEIGHT, "{op}");
            let err = parse(&chain(MAX_EXPR_HEIGHT + 1, op)).unwrap_err();
            assert_eq!(err.code, "expr_too_deep", "{op}");
            assert_eq!(err.message.en, format!("expression stacks more than {MAX_EXPR_HEIGHT} operations"));
            assert!(err.help.is_some());
        }
        let words = vec!["true"; MAX_EXPR_HEIGHT + 1];
        assert_eq!(parse(&words.join(" and ")).unwrap_err().code, "expr_too_deep");
        assert_eq!(parse(&words.join(" or ")).unwrap_err().code, "expr_too_deep");
        // `present(…)` is a leaf, as a name is.
        let present = vec!["present(a.b)"; MAX_EXPR_HEIGHT];
        assert_eq!(height(&parse(&present.join(" or ")).unwrap()), MAX_EXPR_HEIGHT);
        // Heights add across brackets, calls, comparisons, `in`, `if`, `not` and `-`: each
        // form stacks `levels` over a chain, which passes at the limit and fails one above.
        type Form = fn(&str) -> String;
        let forms: [(Form, usize); 11] = [
            (|c| format!("({c}) + 1"), 1),
            (|c| format!("1 + ({c})"), 1),
            (|c| format!("max({c}, 1)"), 1),
            (|c| format!("min(1, 2, {c})"), 1),
            (|c| format!("({c}) > 1"), 1),
            (|c| format!("1 in [2, {c}]"), 1),
            (|c| format!("if 1 > 2 then {c} else 1"), 1),
            (|c| format!("if a then 1 else {c}"), 1),
            (|c| format!("-({c})"), 1),
            (|c| format!("not ({c} > 1)"), 2),
            (|c| format!("present(a.b) and ({c} > 1)"), 2),
        ];
        for (form, levels) in forms {
            let fits = form(&chain(MAX_EXPR_HEIGHT - levels, "+"));
            let ast = parse(&fits).unwrap_or_else(|e| panic!("{fits}: {e:?}"));
            assert_eq!(height(&ast), MAX_EXPR_HEIGHT, "{fits}");
            let over = form(&chain(MAX_EXPR_HEIGHT - levels + 1, "+"));
            assert_eq!(parse(&over).unwrap_err().code, "expr_too_deep", "{over}");
        }
    }
}
