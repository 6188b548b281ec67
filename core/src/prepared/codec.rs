//! The prepared form's encoding: every text once in a table, then the values in the order each
//! type's writer lists them, as variable-length integers, bytes and table indices.

use rust_decimal::Decimal;
use std::sync::Arc;

/// The bytes are not a prepared ruleset of this engine: cut short, or a tag or index out of
/// range. Says only where reading stopped; the bytes come from this crate's own writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Corrupt(pub usize);

/// Writes values; texts go to a table written ahead of them.
#[derive(Default)]
pub(crate) struct Writer {
    texts: Vec<Arc<str>>,
    index: std::collections::HashMap<Arc<str>, u32>,
    pub(super) body: Vec<u8>,
}

impl Writer {
    /// A writer whose table starts with `texts`, in that order.
    pub fn with_texts(texts: Vec<Arc<str>>) -> Self {
        let index =
            texts.iter().enumerate().map(|(i, t)| (Arc::clone(t), u32::try_from(i).unwrap_or(u32::MAX))).collect();
        Self { texts, index, body: Vec::new() }
    }

    /// The texts written so far, sorted.
    pub fn sorted_texts(&self) -> Vec<Arc<str>> {
        let mut texts = self.texts.clone();
        texts.sort_unstable();
        texts
    }

    pub fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.body.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        self.body.push(n as u8);
    }

    pub fn text(&mut self, s: &str) {
        let next = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let i = match self.index.get(s) {
            Some(i) => *i,
            None => {
                let s: Arc<str> = s.into();
                self.texts.push(Arc::clone(&s));
                self.index.insert(s, next);
                next
            }
        };
        self.uint(u64::from(i));
    }

    /// The table and the body, one after the other.
    pub fn finish(self, out: &mut Vec<u8>) {
        let mut head = Writer::default();
        head.uint(self.texts.len() as u64);
        for t in &self.texts {
            head.uint(t.len() as u64);
            head.body.extend_from_slice(t.as_bytes());
        }
        out.extend_from_slice(&head.body);
        out.extend_from_slice(&self.body);
    }
}

/// Reads what [`Writer`] wrote. A read past the end or of a value out of range records the
/// place (the first such) and gives a zero, an empty text or the first variant, so that
/// reading goes on without a branch for every value; [`Reader::finish`] says whether it
/// happened. Code that reads many types stays small that way.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    texts: Vec<Arc<str>>,
    corrupt: Option<usize>,
    /// How deep the expressions and groups being read are nested.
    depth: u32,
}

/// Deepest nesting of expressions, groups or JSON values read: twice the tallest expression
/// the compiler takes (`MAX_EXPR_HEIGHT`), above the 128 levels `serde_json` reads of a rule
/// file's values. Deeper nesting in corrupt bytes would exhaust the stack.
const MAX_DEPTH: u32 = 2 * crate::expr::MAX_EXPR_HEIGHT as u32;

impl<'a> Reader<'a> {
    /// Reads the table of texts at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut r = Reader { bytes, at: 0, texts: Vec::new(), corrupt: None, depth: 0 };
        let count = r.uint();
        let empty: Arc<str> = "".into();
        for _ in 0..count {
            let len = usize::try_from(r.uint()).unwrap_or(usize::MAX);
            let text = match r.at.checked_add(len).and_then(|end| bytes.get(r.at..end)) {
                Some(b) => std::str::from_utf8(b).map(Arc::from).unwrap_or_else(|_| r.fail(Arc::clone(&empty))),
                None => r.fail(Arc::clone(&empty)),
            };
            r.at = r.at.saturating_add(len);
            if r.corrupt.is_some() {
                break;
            }
            r.texts.push(text);
        }
        r
    }

    /// Records that the bytes are not what this reader expects here, and gives `value`.
    pub fn fail<T>(&mut self, value: T) -> T {
        self.corrupt.get_or_insert(self.at);
        value
    }

    /// Whether no text needs escaping in JSON: no `"`, `\` or control character.
    pub fn texts_are_plain(&self) -> bool {
        self.texts.iter().all(|t| !t.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20))
    }

    /// Whether something was found wrong so far.
    pub fn failed(&self) -> bool {
        self.corrupt.is_some()
    }

    /// Whether every byte was read, and read as what it says.
    pub fn finish(&self) -> Result<(), Corrupt> {
        match self.corrupt {
            Some(at) => Err(Corrupt(at)),
            None if self.at != self.bytes.len() => Err(Corrupt(self.at)),
            None => Ok(()),
        }
    }

    /// The next byte; 0 once anything was found wrong, so that what is left reads as zeros
    /// and empty lists, quickly.
    pub fn byte(&mut self) -> u8 {
        if self.corrupt.is_some() {
            return 0;
        }
        match self.bytes.get(self.at) {
            Some(b) => {
                self.at += 1;
                *b
            }
            None => self.fail(0),
        }
    }

    pub fn uint(&mut self) -> u64 {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return n;
            }
        }
        self.fail(0)
    }

    pub fn text(&mut self) -> Arc<str> {
        let i = usize::try_from(self.uint()).unwrap_or(usize::MAX);
        match self.texts.get(i) {
            Some(t) => Arc::clone(t),
            None => self.fail("".into()),
        }
    }

    /// A tag below `count`.
    pub fn tag(&mut self, count: u8) -> u8 {
        match self.byte() {
            t if t < count => t,
            _ => self.fail(0),
        }
    }

    /// Enters a nested expression or group; `false` when nested too deep (recorded).
    pub fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return self.fail(false);
        }
        self.depth += 1;
        true
    }

    /// Leaves what [`Reader::enter`] entered.
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Bytes not read yet: no list read here is longer.
    pub fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }
}

/// A value of the prepared form.
pub(crate) trait Plan: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Self;
}

impl Plan for String {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        r.text().to_string()
    }
}

impl Plan for Arc<str> {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        r.text()
    }
}

impl Plan for bool {
    fn put(&self, w: &mut Writer) {
        w.body.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Self {
        r.tag(2) == 1
    }
}

macro_rules! unsigned {
    ($($t:ty)*) => {$(
        impl Plan for $t {
            fn put(&self, w: &mut Writer) {
                w.uint(*self as u64);
            }
            fn get(r: &mut Reader<'_>) -> Self {
                let n = r.uint();
                <$t>::try_from(n).unwrap_or_else(|_| r.fail(0))
            }
        }
    )*};
}
unsigned!(u32 usize);

impl Plan for i64 {
    fn put(&self, w: &mut Writer) {
        // Zig-zag: small magnitudes of either sign stay short.
        w.uint(((self << 1) ^ (self >> 63)) as u64);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let n = r.uint();
        ((n >> 1) as i64) ^ -((n & 1) as i64)
    }
}

impl Plan for Decimal {
    /// Its scale and sign in a byte, then its mantissa as a variable-length integer: most
    /// decimals of a ruleset (points, bounds, weights) take two or three bytes.
    fn put(&self, w: &mut Writer) {
        w.body.push(self.scale() as u8 | if self.is_sign_negative() { 0x80 } else { 0 });
        let mut m = self.mantissa().unsigned_abs();
        while m >= 0x80 {
            w.body.push((m as u8 & 0x7f) | 0x80);
            m >>= 7;
        }
        w.body.push(m as u8);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let head = r.byte();
        let mut m = 0u128;
        for shift in (0..=98).step_by(7) {
            let b = r.byte();
            m |= u128::from(b & 0x7f) << shift;
            if b < 0x80 {
                // A scale past 28 or a mantissa past 96 bits is not a decimal this writer wrote.
                let scale = u32::from(head & 0x7f);
                if scale > 28 || m >> 96 != 0 {
                    break;
                }
                let (lo, mid, hi) = (m as u32, (m >> 32) as u32, (m >> 64) as u32);
                return Decimal::from_parts(lo, mid, hi, head & 0x80 != 0, scale);
            }
        }
        r.fail(Decimal::ZERO)
    }
}

impl<T: Plan> Plan for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.body.push(0),
            Some(v) => {
                w.body.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        match r.tag(2) {
            0 => None,
            _ => Some(T::get(r)),
        }
    }
}

impl<T: Plan> Plan for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.uint(self.len() as u64);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        // Each value takes a byte at least: a length past what is left is not a list.
        let len = match usize::try_from(r.uint()) {
            Ok(len) if len <= r.left() => len,
            _ => r.fail(0),
        };
        // One value at a time, stopping at the first wrong byte: a length that claims more
        // than the bytes hold reserves nothing.
        let mut out = Vec::new();
        for _ in 0..len {
            if r.failed() {
                break;
            }
            out.push(T::get(r));
        }
        out
    }
}

impl<T: Plan> Plan for Box<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        Box::new(T::get(r))
    }
}

impl<T: Plan> Plan for Arc<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        Arc::new(T::get(r))
    }
}

impl<A: Plan, B: Plan> Plan for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        (A::get(r), B::get(r))
    }
}

impl<A: Plan, B: Plan, C: Plan> Plan for (A, B, C) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
        self.2.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        (A::get(r), B::get(r), C::get(r))
    }
}

/// A struct as its fields in order. A field left out of the list is a compile error on both
/// sides, so a field added to a type cannot be forgotten here.
macro_rules! record {
    ($($ty:ty { $($f:ident),* $(,)? })*) => {$(
        impl $crate::prepared::codec::Plan for $ty {
            fn put(&self, w: &mut $crate::prepared::codec::Writer) {
                let Self { $($f),* } = self;
                $( $crate::prepared::codec::Plan::put($f, w); )*
            }
            fn get(r: &mut $crate::prepared::codec::Reader<'_>) -> Self {
                Self { $($f: $crate::prepared::codec::Plan::get(r)),* }
            }
        }
    )*};
}

/// An enum without data as its variant's place in the list.
macro_rules! choice {
    ($($ty:ty { $first:ident $(, $v:ident)* $(,)? })*) => {$(
        impl $crate::prepared::codec::Plan for $ty {
            fn put(&self, w: &mut $crate::prepared::codec::Writer) {
                // Every variant listed, or this match is a compile error: a variant added to
                // the type cannot be forgotten here.
                match self {
                    <$ty>::$first $(| <$ty>::$v)* => {}
                }
                const ALL: &[$ty] = &[<$ty>::$first, $(<$ty>::$v),*];
                let i = ALL.iter().position(|v| v == self).unwrap_or(0);
                w.body.push(i as u8);
            }
            fn get(r: &mut $crate::prepared::codec::Reader<'_>) -> Self {
                const ALL: &[$ty] = &[<$ty>::$first, $(<$ty>::$v),*];
                let i = r.tag(ALL.len() as u8);
                ALL.get(usize::from(i)).copied().unwrap_or(<$ty>::$first)
            }
        }
    )*};
}

/// Writes values one after the other; `puts!(w; tag, …)` writes a variant's tag first.
macro_rules! puts {
    ($w:ident; $tag:literal $(, $v:expr)*) => {{
        $w.body.push($tag);
        $( $crate::prepared::codec::Plan::put($v, $w); )*
    }};
    ($w:ident $(, $v:expr)*) => {{
        $( $crate::prepared::codec::Plan::put($v, $w); )*
    }};
}

pub(crate) use {choice, puts, record};
