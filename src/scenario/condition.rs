//! Conditions on a customer at a moment: `orders >= 1 and days_since_first_order > 60`,
//! `rfm = "Спящие"`, `interests contains "смартфоны"`, `not (city = "Москва")`.
//!
//! Grammar: `or` of `and` of `not`/atoms; an atom is `( … )`, `field OP value` (OP one
//! of `= != < <= > >=`, or `contains` for the lists `interests` and `tags`) or a yes/no
//! field alone (`email_subscribed`). `и`, `или`, `не` work as `and`, `or`, `not`. Text
//! comparisons ignore case and surrounding spaces.

use std::ops::Range;

/// A field of the customer a condition may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Orders,
    Revenue,
    AverageCheck,
    DaysSinceLastOrder,
    DaysSinceFirstOrder,
    DaysSinceRegistration,
    Age,
    PdConsent,
    EmailSubscribed,
    SmsSubscribed,
    PushSubscribed,
    HasEmail,
    HasPhone,
    City,
    Gender,
    Channel,
    Interests,
    Rfm,
    Tags,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Number,
    Flag,
    Text,
    List,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::Orders,
        Field::Revenue,
        Field::AverageCheck,
        Field::DaysSinceLastOrder,
        Field::DaysSinceFirstOrder,
        Field::DaysSinceRegistration,
        Field::Age,
        Field::PdConsent,
        Field::EmailSubscribed,
        Field::SmsSubscribed,
        Field::PushSubscribed,
        Field::HasEmail,
        Field::HasPhone,
        Field::City,
        Field::Gender,
        Field::Channel,
        Field::Interests,
        Field::Rfm,
        Field::Tags,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Orders => "orders",
            Field::Revenue => "revenue",
            Field::AverageCheck => "average_check",
            Field::DaysSinceLastOrder => "days_since_last_order",
            Field::DaysSinceFirstOrder => "days_since_first_order",
            Field::DaysSinceRegistration => "days_since_registration",
            Field::Age => "age",
            Field::PdConsent => "pd_consent",
            Field::EmailSubscribed => "email_subscribed",
            Field::SmsSubscribed => "sms_subscribed",
            Field::PushSubscribed => "push_subscribed",
            Field::HasEmail => "has_email",
            Field::HasPhone => "has_phone",
            Field::City => "city",
            Field::Gender => "gender",
            Field::Channel => "channel",
            Field::Interests => "interests",
            Field::Rfm => "rfm",
            Field::Tags => "tags",
        }
    }

    pub fn ty(self) -> FieldType {
        match self {
            Field::Orders
            | Field::Revenue
            | Field::AverageCheck
            | Field::DaysSinceLastOrder
            | Field::DaysSinceFirstOrder
            | Field::DaysSinceRegistration
            | Field::Age => FieldType::Number,
            Field::PdConsent
            | Field::EmailSubscribed
            | Field::SmsSubscribed
            | Field::PushSubscribed
            | Field::HasEmail
            | Field::HasPhone => FieldType::Flag,
            Field::City | Field::Gender | Field::Channel | Field::Rfm => FieldType::Text,
            Field::Interests | Field::Tags => FieldType::List,
        }
    }

    pub fn from_key(k: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == k)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Num(f64),
    /// Lower case, trimmed; `id` is filled in against the data before a run
    /// (`u32::MAX`: the data has no such value, so nothing equals it).
    Text {
        text: String,
        id: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Flag(Field),
    Cmp { field: Field, op: Op, value: Value, span: Range<usize> },
}

/// What a condition reads: values at the moment it is evaluated.
pub trait Facts {
    /// `None`: unknown (no orders yet, no birth date) — every comparison is false.
    fn number(&self, f: Field) -> Option<f64>;
    fn flag(&self, f: Field) -> bool;
    /// The interned id of a text field (`u32::MAX`: empty).
    fn text(&self, f: Field) -> u32;
    fn has(&self, f: Field, id: u32) -> bool;
}

impl Expr {
    pub fn eval(&self, facts: &dyn Facts) -> bool {
        match self {
            Expr::Or(v) => v.iter().any(|e| e.eval(facts)),
            Expr::And(v) => v.iter().all(|e| e.eval(facts)),
            Expr::Not(e) => !e.eval(facts),
            Expr::Flag(f) => facts.flag(*f),
            Expr::Cmp { field, op, value, .. } => match (field.ty(), value) {
                (FieldType::Number, Value::Num(x)) => facts.number(*field).is_some_and(|v| compare(v, *op, *x)),
                (FieldType::Flag, Value::Num(x)) => compare(f64::from(u8::from(facts.flag(*field))), *op, *x),
                (FieldType::Text, Value::Text { id, .. }) => {
                    let v = facts.text(*field);
                    match op {
                        Op::Eq => v == *id && *id != u32::MAX,
                        Op::Ne => v != *id || *id == u32::MAX,
                        _ => false,
                    }
                }
                (FieldType::List, Value::Text { id, .. }) => {
                    let has = *id != u32::MAX && facts.has(*field, *id);
                    if *op == Op::Ne { !has } else { has }
                }
                _ => false,
            },
        }
    }

    pub fn uses_rfm(&self) -> bool {
        self.any_field(&|f| f == Field::Rfm)
    }

    pub fn any_field(&self, pred: &dyn Fn(Field) -> bool) -> bool {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().any(|e| e.any_field(pred)),
            Expr::Not(e) => e.any_field(pred),
            Expr::Flag(f) | Expr::Cmp { field: f, .. } => pred(*f),
        }
    }

    /// Every text value compared with `field`, mutably: to intern them against the data.
    pub fn texts_mut(&mut self, out: &mut dyn FnMut(Field, &mut Value)) {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter_mut().for_each(|e| e.texts_mut(out)),
            Expr::Not(e) => e.texts_mut(out),
            Expr::Flag(_) => {}
            Expr::Cmp { field, value, .. } => out(*field, value),
        }
    }

    /// Text values compared with `field`, with their spans inside the condition.
    pub fn texts_of(&self, field: Field, out: &mut Vec<(String, Range<usize>)>) {
        match self {
            Expr::Or(v) | Expr::And(v) => v.iter().for_each(|e| e.texts_of(field, out)),
            Expr::Not(e) => e.texts_of(field, out),
            Expr::Flag(_) => {}
            Expr::Cmp { field: f, value: Value::Text { text, .. }, span, .. } if *f == field => {
                out.push((text.clone(), span.clone()))
            }
            Expr::Cmp { .. } => {}
        }
    }
}

fn compare(v: f64, op: Op, x: f64) -> bool {
    match op {
        Op::Eq => (v - x).abs() < 1e-9,
        Op::Ne => (v - x).abs() >= 1e-9,
        Op::Lt => v < x,
        Op::Le => v <= x,
        Op::Gt => v > x,
        Op::Ge => v >= x,
        Op::Contains => false,
    }
}

/// A problem in a condition, at a byte range of the condition's text.
#[derive(Debug, Clone, PartialEq)]
pub struct CondError {
    pub at: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(f64),
    Str(String),
    Op(Op),
    Open,
    Close,
}

/// Longest condition text accepted (a runaway paste is an error, not a slow parse).
const MAX_LEN: usize = 4_000;
/// Deepest nesting of parentheses and `not`.
const MAX_DEPTH: usize = 32;

/// Parses a condition. Fields are checked against the known list; the values of text
/// fields are checked by the caller (groups of the RFM model).
pub fn parse(text: &str) -> Result<Expr, CondError> {
    use crate::strings::scenario as msg;
    if text.len() > MAX_LEN {
        return Err(CondError { at: 0..0, message: msg::condition_too_long(MAX_LEN) });
    }
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(CondError { at: 0..text.len(), message: msg::CONDITION_EMPTY.into() });
    }
    let mut p = Parser { toks, pos: 0, end: text.len(), depth: 0 };
    let e = p.or()?;
    if let Some((_, at)) = p.toks.get(p.pos) {
        return Err(CondError { at: at.clone(), message: msg::CONDITION_TRAILING.into() });
    }
    Ok(e)
}

fn lex(text: &str) -> Result<Vec<(Tok, Range<usize>)>, CondError> {
    use crate::strings::scenario as msg;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                out.push((Tok::Open, i..i + 1));
                i += 1;
            }
            b')' => {
                out.push((Tok::Close, i..i + 1));
                i += 1;
            }
            b'=' | b'!' | b'<' | b'>' => {
                let two = b.get(i + 1) == Some(&b'=');
                let op = match (c, two) {
                    (b'=', _) => Op::Eq,
                    (b'!', true) => Op::Ne,
                    (b'<', true) => Op::Le,
                    (b'<', false) if b.get(i + 1) == Some(&b'>') => Op::Ne,
                    (b'<', false) => Op::Lt,
                    (b'>', true) => Op::Ge,
                    (b'>', false) => Op::Gt,
                    _ => return Err(CondError { at: i..i + 1, message: msg::CONDITION_BANG.into() }),
                };
                let len = if two
                    || (c == b'<' && b.get(i + 1) == Some(&b'>'))
                    || (c == b'=' && b.get(i + 1) == Some(&b'='))
                {
                    2
                } else {
                    1
                };
                out.push((Tok::Op(op), i..i + len));
                i += len;
            }
            b'"' | b'\'' => {
                let close = text[i + 1..].find(c as char).map(|k| i + 1 + k);
                let Some(close) = close else {
                    return Err(CondError { at: i..b.len(), message: msg::CONDITION_UNCLOSED.into() });
                };
                out.push((Tok::Str(text[i + 1..close].to_owned()), i..close + 1));
                i = close + 1;
            }
            b'0'..=b'9' | b'-' | b'.' => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                    i += 1;
                }
                let t = text[start..i].replace(',', ".");
                match t.parse::<f64>() {
                    Ok(v) if v.is_finite() => out.push((Tok::Num(v), start..i)),
                    _ => {
                        return Err(CondError { at: start..i, message: msg::condition_bad_number(&text[start..i]) });
                    }
                }
            }
            _ => {
                let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
                let first = text[i..].chars().next().unwrap_or(' ');
                if !(first.is_alphabetic() || first == '_') {
                    return Err(CondError { at: i..i + ch_len, message: msg::condition_bad_char(first) });
                }
                while i < b.len() {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    if ch.is_alphanumeric() || ch == '_' {
                        i += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                out.push((Tok::Word(text[start..i].to_owned()), start..i));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    end: usize,
    depth: usize,
}

fn is_word(t: &Tok, words: &[&str]) -> bool {
    matches!(t, Tok::Word(w) if words.iter().any(|k| w.eq_ignore_ascii_case(k) || w.to_lowercase() == *k))
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> Range<usize> {
        self.toks.get(self.pos).map_or(self.end..self.end, |(_, r)| r.clone())
    }

    fn or(&mut self) -> Result<Expr, CondError> {
        let mut v = vec![self.and()?];
        while self.peek().is_some_and(|t| is_word(t, &["or", "или"])) {
            self.pos += 1;
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 { v.remove(0) } else { Expr::Or(v) })
    }

    fn and(&mut self) -> Result<Expr, CondError> {
        let mut v = vec![self.not()?];
        while self.peek().is_some_and(|t| is_word(t, &["and", "и"])) {
            self.pos += 1;
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 { v.remove(0) } else { Expr::And(v) })
    }

    fn not(&mut self) -> Result<Expr, CondError> {
        use crate::strings::scenario as msg;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(CondError { at: self.here(), message: msg::CONDITION_TOO_DEEP.into() });
        }
        let r = if self.peek().is_some_and(|t| is_word(t, &["not", "не"])) {
            self.pos += 1;
            self.not().map(|e| Expr::Not(Box::new(e)))
        } else {
            self.atom()
        };
        self.depth -= 1;
        r
    }

    fn atom(&mut self) -> Result<Expr, CondError> {
        use crate::strings::scenario as msg;
        let at = self.here();
        match self.toks.get(self.pos).cloned() {
            Some((Tok::Open, _)) => {
                self.pos += 1;
                let e = self.or()?;
                match self.peek() {
                    Some(Tok::Close) => {
                        self.pos += 1;
                        Ok(e)
                    }
                    _ => Err(CondError { at: self.here(), message: msg::CONDITION_NO_CLOSE.into() }),
                }
            }
            Some((Tok::Word(w), r)) => {
                self.pos += 1;
                let Some(field) = Field::from_key(&w.to_lowercase()) else {
                    return Err(CondError { at: r, message: msg::unknown_field(&w) });
                };
                let op = match self.peek() {
                    Some(Tok::Op(op)) => Some(*op),
                    Some(t) if is_word(t, &["contains", "содержит"]) => Some(Op::Contains),
                    _ => None,
                };
                let Some(op) = op else {
                    if field.ty() == FieldType::Flag {
                        return Ok(Expr::Flag(field));
                    }
                    return Err(CondError { at: self.here(), message: msg::condition_needs_op(field.key()) });
                };
                self.pos += 1;
                let vat = self.here();
                let value = match self.toks.get(self.pos).cloned() {
                    Some((Tok::Num(x), _)) => Value::Num(x),
                    Some((Tok::Str(s), _)) => Value::Text { text: s.trim().to_lowercase(), id: u32::MAX },
                    _ => return Err(CondError { at: vat, message: msg::CONDITION_NEEDS_VALUE.into() }),
                };
                self.pos += 1;
                let ok = match (field.ty(), &value, op) {
                    (FieldType::Number | FieldType::Flag, Value::Num(_), o) => o != Op::Contains,
                    (FieldType::Text, Value::Text { .. }, Op::Eq | Op::Ne) => true,
                    (FieldType::List, Value::Text { .. }, Op::Contains | Op::Ne) => true,
                    _ => false,
                };
                if !ok {
                    return Err(CondError {
                        at: r.start..vat.end,
                        message: msg::condition_type(field.key(), field.ty()),
                    });
                }
                Ok(Expr::Cmp { field, op, value, span: r.start..vat.end })
            }
            Some((_, r)) => Err(CondError { at: r, message: msg::CONDITION_NEEDS_FIELD.into() }),
            None => Err(CondError { at, message: msg::CONDITION_NEEDS_FIELD.into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F;
    impl Facts for F {
        fn number(&self, f: Field) -> Option<f64> {
            match f {
                Field::Orders => Some(2.0),
                Field::DaysSinceLastOrder => None,
                _ => Some(0.0),
            }
        }
        fn flag(&self, f: Field) -> bool {
            f == Field::PdConsent
        }
        fn text(&self, _f: Field) -> u32 {
            7
        }
        fn has(&self, _f: Field, id: u32) -> bool {
            id == 3
        }
    }

    fn eval(s: &str) -> bool {
        let mut e = parse(s).expect(s);
        e.texts_mut(&mut |_, v| {
            if let Value::Text { text, id } = v {
                *id = match text.as_str() {
                    "москва" => 7,
                    "аудио" => 3,
                    _ => u32::MAX,
                };
            }
        });
        e.eval(&F)
    }

    #[test]
    fn conditions_evaluate() {
        assert!(eval("orders >= 1 and pd_consent"));
        assert!(eval("orders = 2 и pd_consent = 1"));
        assert!(!eval("email_subscribed"));
        assert!(eval("not email_subscribed or orders > 5"));
        assert!(eval("city = 'Москва '"));
        assert!(!eval("city = \"Тула\""));
        assert!(eval("city != \"Тула\""));
        assert!(eval("interests contains 'аудио'"));
        assert!(!eval("interests contains 'игры'"));
        assert!(!eval("days_since_last_order > 3"), "unknown values compare false");
        assert!(eval("(orders < 1 or orders > 1) and не email_subscribed"));
        assert!(eval("orders >= 1,5"));
    }

    #[test]
    fn errors_point_into_the_text() {
        let e = parse("orders >= 1 and ordrs > 2").unwrap_err();
        assert_eq!(e.at, 16..21);
        assert!(e.message.contains("ordrs") && e.message.contains("orders"), "{}", e.message);
        assert_eq!(parse("orders >=").unwrap_err().at, 9..9);
        assert!(parse("city > 'a'").is_err());
        assert!(parse("(orders > 1").is_err());
        assert!(parse("orders > 1)").is_err());
        assert!(parse("").is_err());
        assert!(parse("city = 'a").is_err());
        assert!(parse(&"(".repeat(100)).is_err());
        assert!(parse(&"not ".repeat(100)).is_err());
    }
}
