//! Rule results remembered by the values of the missing fields each rule reads: a search of
//! completions tries the same few values of each field again and again, and a rule's result
//! depends on nothing else (the filled fields stay as they are for the whole search).

use super::record::{Record, Unit};
use crate::expr::FieldValue;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What one rule gave: whether a criterion applies and its points, or whether a gate or veto
/// holds (points 0).
pub(super) type Outcome = (bool, Decimal);

pub(super) struct Memo {
    /// How many criteria and gates there are: a unit's place is its criterion index, or that
    /// count plus its gate or veto index.
    criteria: usize,
    gates: usize,
    /// The free fields each unit reads, by unit place.
    reads: Vec<Vec<usize>>,
    /// The values each field has had, numbered in the order first met. Numbers compare by
    /// value (`5` and `5.00` are one), as the search's own test for a changed field does:
    /// rule results depend on the value alone. They are kept normalised, so that equal
    /// values have equal bits and a look-up compares bits, not decimals.
    values: Vec<Vec<Option<FieldValue>>>,
    /// The bits of each of those values that is a number, side by side with them.
    bits: Vec<Vec<Option<u128>>>,
    /// Each unit's results by the numbers of the values it read, packed (see [`Packed`]).
    /// A rule meets few combinations in one search, so a list searched in turn beats hashing.
    results: Vec<Vec<(Packed, Outcome)>>,
}

/// The numbers of the values a rule read, side by side: its 128 bits are shared out among
/// the free fields the rule reads (32 bits each for up to 4 fields, 16 for up to 8, 8 for up
/// to 16, …). A look-up that reads a value numbered past its field's share is not
/// remembered: the rule is evaluated again, which gives the same result.
pub(super) type Packed = u128;

impl Memo {
    /// An empty memo for `units` (each with the fields it reads), of which `free` may change.
    pub(super) fn new(units: &[(Unit, BTreeSet<usize>)], free: &[usize], fields: usize) -> Self {
        let criteria = units.iter().filter(|(u, _)| matches!(u, Unit::Criterion(_))).count();
        let gates = units.iter().filter(|(u, _)| matches!(u, Unit::Gate(_))).count();
        let mut reads = vec![Vec::new(); units.len()];
        let mut memo = Self {
            criteria,
            gates,
            reads: Vec::new(),
            values: vec![Vec::new(); fields],
            bits: vec![Vec::new(); fields],
            results: vec![Vec::new(); units.len()],
        };
        for (unit, fields) in units {
            if let Some(slot) = reads.get_mut(memo.place(*unit)) {
                *slot = fields.iter().copied().filter(|f| free.contains(f)).collect();
            }
        }
        memo.reads = reads;
        memo
    }

    fn place(&self, unit: Unit) -> usize {
        match unit {
            Unit::Criterion(i) => i,
            Unit::Gate(i) => self.criteria + i,
            Unit::Veto(i) => self.criteria + self.gates + i,
        }
    }

    /// The remembered result of `unit` for the values of `record`, or on a miss the key that
    /// [`Memo::insert`] stores its result under (`None` when it cannot be remembered).
    pub(super) fn lookup(&mut self, unit: Unit, record: &Record) -> Result<Outcome, Option<Packed>> {
        let place = self.place(unit);
        let reads = self.reads.get(place).map_or(&[][..], Vec::as_slice);
        // Past 128 fields a share is 0 bits: nothing is remembered.
        let bits = u32::try_from(reads.len().max(1)).map_or(0, |n| (Packed::BITS / n).min(32));
        let mut key: Packed = 0;
        for &f in reads {
            let value = record.get(f).and_then(Option::as_ref);
            let (Some(seen), Some(bits_seen)) = (self.values.get_mut(f), self.bits.get_mut(f)) else { continue };
            let number = match value {
                // A whole number (most are) is normal already, but for a negative zero,
                // which only misses: the rule is evaluated again, with the same result.
                Some(FieldValue::Number(n)) if n.scale() == 0 => Some(*n),
                Some(FieldValue::Number(n)) => Some(n.normalize()),
                _ => None,
            };
            let number_bits = number.map(|n| u128::from_le_bytes(n.serialize()));
            let found = match number_bits {
                Some(_) => bits_seen.iter().position(|b| *b == number_bits),
                None => seen.iter().position(|v| v.as_ref() == value),
            };
            let id = match found {
                Some(id) => id,
                None => {
                    seen.push(number.map_or_else(|| value.cloned(), |n| Some(FieldValue::Number(n))));
                    bits_seen.push(number_bits);
                    seen.len() - 1
                }
            };
            let Some(id) = Packed::try_from(id).ok().filter(|id| bits > 0 && id >> bits == 0) else {
                return Err(None);
            };
            key = (key << bits) | id;
        }
        let found = self.results.get(place).and_then(|list| list.iter().find(|(k, _)| *k == key));
        match found {
            Some((_, outcome)) => Ok(*outcome),
            None => Err(Some(key)),
        }
    }

    /// The free fields `unit` reads.
    pub(super) fn reads(&self, unit: Unit) -> &[usize] {
        self.reads.get(self.place(unit)).map_or(&[][..], Vec::as_slice)
    }

    /// Remembers `outcome` for `unit` under `key`, from a missed [`Memo::lookup`].
    pub(super) fn insert(&mut self, unit: Unit, key: Packed, outcome: Outcome) {
        let place = self.place(unit);
        if let Some(list) = self.results.get_mut(place) {
            list.push((key, outcome));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Memo, Record, Unit};
    use crate::expr::FieldValue;
    use rust_decimal::Decimal;

    fn number(n: usize) -> Option<FieldValue> {
        Some(FieldValue::Number(Decimal::from(n)))
    }

    #[test]
    fn a_rule_reading_many_fields_is_remembered_until_a_value_passes_its_share() {
        let unit = Unit::Criterion(0);
        for width in [1usize, 4, 8, 9, 16, 40] {
            let mut memo = Memo::new(&[(unit, (0..width).collect())], &(0..width).collect::<Vec<_>>(), width);
            let record: Record = (0..width).map(number).collect();
            let key = memo.lookup(unit, &record).err().flatten().expect("a key to remember it under");
            memo.insert(unit, key, (true, Decimal::ONE));
            assert_eq!(memo.lookup(unit, &record), Ok((true, Decimal::ONE)), "{width} fields");
            let mut other = record.clone();
            other[width - 1] = number(1000);
            assert!(memo.lookup(unit, &other).is_err(), "{width} fields: another value is another key");
        }
        // 40 fields share 128 bits 3 each: a field's ninth value is not remembered.
        let mut memo = Memo::new(&[(unit, (0..40).collect())], &(0..40).collect::<Vec<_>>(), 40);
        let mut record: Record = vec![number(0); 40];
        for n in 0..9 {
            record[0] = number(n);
            let key = memo.lookup(unit, &record).err().flatten();
            assert_eq!(key.is_some(), n < 8, "value {n}");
        }
    }

    #[test]
    fn equal_numbers_of_any_scale_share_a_key_and_negative_zero_is_zero() {
        let unit = Unit::Criterion(0);
        let mut memo = Memo::new(&[(unit, [0].into())], &[0], 1);
        let written = |text: &str| vec![Some(FieldValue::Number(text.parse().expect("a decimal")))];
        let key = memo.lookup(unit, &written("5")).err().flatten().expect("a key");
        memo.insert(unit, key, (true, Decimal::TWO));
        assert_eq!(memo.lookup(unit, &written("5.00")), Ok((true, Decimal::TWO)));
        assert!(memo.lookup(unit, &written("5.01")).is_err());
        // Text reads `-0.0` as a plain zero, but a zero can carry a sign.
        let mut negative_zero = Decimal::new(0, 1);
        negative_zero.set_sign_negative(true);
        assert!(negative_zero.is_sign_negative());
        let key = memo.lookup(unit, &vec![Some(FieldValue::Number(negative_zero))]).err().flatten().expect("a key");
        memo.insert(unit, key, (false, Decimal::ZERO));
        assert_eq!(memo.lookup(unit, &written("0")), Ok((false, Decimal::ZERO)));
    }
}
