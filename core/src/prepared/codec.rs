//! The prepared form's encoding: every text once in a table, then the values in declaration
//! order as variable-length integers, bytes and table indices.

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

/// Reads what [`Writer`] wrote.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    texts: Vec<Arc<str>>,
}

impl<'a> Reader<'a> {
    /// Reads the table of texts at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Result<Self, Corrupt> {
        let mut r = Reader { bytes, at: 0, texts: Vec::new() };
        let count = r.uint()?;
        for _ in 0..count {
            let len = usize::try_from(r.uint()?).map_err(|_| Corrupt(r.at))?;
            let end = r.at.checked_add(len).filter(|e| *e <= bytes.len()).ok_or(Corrupt(r.at))?;
            let text = bytes.get(r.at..end).and_then(|b| std::str::from_utf8(b).ok()).ok_or(Corrupt(r.at))?;
            r.texts.push(text.into());
            r.at = end;
        }
        Ok(r)
    }

    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn byte(&mut self) -> Result<u8, Corrupt> {
        let b = *self.bytes.get(self.at).ok_or(Corrupt(self.at))?;
        self.at += 1;
        Ok(b)
    }

    pub fn uint(&mut self) -> Result<u64, Corrupt> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Corrupt(self.at))
    }

    pub fn text(&mut self) -> Result<Arc<str>, Corrupt> {
        let at = self.at;
        let i = usize::try_from(self.uint()?).map_err(|_| Corrupt(at))?;
        self.texts.get(i).cloned().ok_or(Corrupt(at))
    }

    /// A tag below `count`.
    pub fn tag(&mut self, count: u8) -> Result<u8, Corrupt> {
        let at = self.at;
        self.byte().and_then(|t| if t < count { Ok(t) } else { Err(Corrupt(at)) })
    }

    pub fn corrupt(&self) -> Corrupt {
        Corrupt(self.at)
    }
}

/// A value of the prepared form.
pub(crate) trait Plan: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt>;
}

impl Plan for String {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        r.text().map(|t| t.to_string())
    }
}

impl Plan for Arc<str> {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        r.text()
    }
}

impl Plan for bool {
    fn put(&self, w: &mut Writer) {
        w.body.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        r.tag(2).map(|b| b == 1)
    }
}

macro_rules! unsigned {
    ($($t:ty)*) => {$(
        impl Plan for $t {
            fn put(&self, w: &mut Writer) {
                w.uint(*self as u64);
            }
            fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
                let at = r.corrupt();
                r.uint().and_then(|n| <$t>::try_from(n).map_err(|_| at))
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
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        r.uint().map(|n| ((n >> 1) as i64) ^ -((n & 1) as i64))
    }
}

impl Plan for Decimal {
    fn put(&self, w: &mut Writer) {
        w.body.extend_from_slice(&self.serialize());
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let mut bytes = [0u8; 16];
        for b in &mut bytes {
            *b = r.byte()?;
        }
        // The flags' unused bits and a scale past 28 are not a decimal this writer wrote.
        let [a, b, c, d, ..] = bytes;
        let flags = u32::from_le_bytes([a, b, c, d]);
        if flags & !0x801f_0000 != 0 || (flags >> 16) & 0xff > 28 {
            return Err(r.corrupt());
        }
        Ok(Decimal::deserialize(bytes))
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
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        match r.tag(2)? {
            0 => Ok(None),
            _ => T::get(r).map(Some),
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
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        let len = r.uint()?;
        // Each value takes a byte at least: a length past what is left is not a list.
        if len > r.bytes.len().saturating_sub(r.at) as u64 {
            return Err(r.corrupt());
        }
        (0..len).map(|_| T::get(r)).collect()
    }
}

impl<T: Plan> Plan for Box<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        T::get(r).map(Box::new)
    }
}

impl<T: Plan> Plan for Arc<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        T::get(r).map(Arc::new)
    }
}

impl<A: Plan, B: Plan> Plan for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        Ok((A::get(r)?, B::get(r)?))
    }
}

impl<A: Plan, B: Plan, C: Plan> Plan for (A, B, C) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
        self.2.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, Corrupt> {
        Ok((A::get(r)?, B::get(r)?, C::get(r)?))
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
            fn get(r: &mut $crate::prepared::codec::Reader<'_>) -> Result<Self, $crate::prepared::codec::Corrupt> {
                Ok(Self { $($f: $crate::prepared::codec::Plan::get(r)?),* })
            }
        }
    )*};
}

/// An enum without data as its variant's place in the list.
macro_rules! choice {
    ($($ty:ty { $($v:ident),* $(,)? })*) => {$(
        impl $crate::prepared::codec::Plan for $ty {
            fn put(&self, w: &mut $crate::prepared::codec::Writer) {
                const ALL: &[$ty] = &[$(<$ty>::$v),*];
                let i = ALL.iter().position(|v| v == self).unwrap_or(0);
                w.body.push(i as u8);
            }
            fn get(r: &mut $crate::prepared::codec::Reader<'_>) -> Result<Self, $crate::prepared::codec::Corrupt> {
                const ALL: &[$ty] = &[$(<$ty>::$v),*];
                let at = r.corrupt();
                let i = r.tag(ALL.len() as u8)?;
                ALL.get(usize::from(i)).copied().ok_or(at)
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
