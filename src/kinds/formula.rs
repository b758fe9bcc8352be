//! Formulas of numeric exercises: `+ - * / ^`, parentheses, unary minus, numbers with a
//! decimal point, parameter names (any letters, Cyrillic included, digits and `_`) and
//! the functions `min`, `max`, `round`, `abs`, `sqrt`. A small recursive-descent parser
//! of our own: an expression crate would have to allow Cyrillic names and keep its
//! semantics stable for stored answers to re-grade the same.

use std::collections::BTreeMap;

use crate::strings::grading as msg;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Param(String),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Func {
    Min,
    Max,
    Round,
    Abs,
    Sqrt,
}

impl Func {
    fn by_name(name: &str) -> Option<Func> {
        Some(match name {
            "min" => Func::Min,
            "max" => Func::Max,
            "round" => Func::Round,
            "abs" => Func::Abs,
            "sqrt" => Func::Sqrt,
            _ => return None,
        })
    }

    /// Allowed argument counts.
    fn arity(self) -> (usize, usize) {
        match self {
            Func::Min | Func::Max => (1, usize::MAX),
            Func::Round => (1, 2),
            Func::Abs | Func::Sqrt => (1, 1),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
            Func::Round => "round",
            Func::Abs => "abs",
            Func::Sqrt => "sqrt",
        }
    }
}

/// A formula that does not parse: a Russian message and the character position.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// 0-based character index into the formula.
    pub position: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&msg::formula_syntax(self.position + 1, &self.message))
    }
}

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 100;

/// More numbers, names and operations than this are refused: a chain `a + 1 + 1 + …`
/// nests as deep as it is long, and evaluating (or dropping) it recurses that deep.
pub const MAX_NODES: usize = 1000;

pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let mut p = Parser { chars: text.chars().collect(), pos: 0, depth: 0, nodes: 0 };
    let expr = p.expr()?;
    p.skip_space();
    if p.pos < p.chars.len() {
        return Err(p.error(msg::formula_unexpected(p.chars[p.pos])));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Nesting of parentheses, calls and unary signs.
    depth: usize,
    /// Nodes built so far (numbers, names, operations, calls).
    nodes: usize,
}

impl Parser {
    fn error(&self, message: String) -> ParseError {
        ParseError { position: self.pos, message }
    }

    /// Counts one more node of the tree; past [`MAX_NODES`] the formula is refused.
    fn node(&mut self, e: Expr) -> Result<Expr, ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(msg::formula_too_long(MAX_NODES)));
        }
        Ok(e)
    }

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    // expr := term (('+' | '-') term)*
    fn expr(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-' | '−') => Op::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.term()?;
            left = self.node(Expr::Binary(op, Box::new(left), Box::new(right)))?;
        }
    }

    // term := unary (('*' | '/') unary)*
    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some('*' | '×') => Op::Mul,
                Some('/' | ':') => Op::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary()?;
            left = self.node(Expr::Binary(op, Box::new(left), Box::new(right)))?;
        }
    }

    // unary := '-' unary | '+' unary | power      (so -2^2 = -(2^2))
    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(msg::formula_too_deep()));
        }
        let result = if self.eat('-') || self.eat('−') {
            self.unary().and_then(|e| self.node(Expr::Neg(Box::new(e))))
        } else if self.eat('+') {
            self.unary()
        } else {
            self.power()
        };
        self.depth -= 1;
        result
    }

    // power := atom ('^' unary)?      (right-associative)
    fn power(&mut self) -> Result<Expr, ParseError> {
        let base = self.atom()?;
        if self.eat('^') {
            let exponent = self.unary()?;
            return self.node(Expr::Binary(Op::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            None => Err(self.error(msg::formula_unexpected_end())),
            Some('(') => {
                self.pos += 1;
                let inner = self.expr()?;
                if !self.eat(')') {
                    return Err(self.error(msg::formula_expected_paren()));
                }
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => self.name(),
            Some(c) => Err(self.error(msg::formula_unexpected(c))),
        }
    }

    fn number(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let number =
            text.parse::<f64>().map_err(|_| ParseError { position: start, message: msg::formula_bad_number(&text) })?;
        self.node(Expr::Number(number))
    }

    fn name(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if self.peek() != Some('(') {
            return self.node(Expr::Param(name));
        }
        let Some(func) = Func::by_name(&name) else {
            return Err(ParseError { position: start, message: msg::formula_unknown_function(&name) });
        };
        self.pos += 1;
        let mut args = Vec::new();
        if !self.eat(')') {
            loop {
                args.push(self.expr()?);
                if self.eat(')') {
                    break;
                }
                if !self.eat(',') && !self.eat(';') {
                    return Err(self.error(msg::formula_expected_comma()));
                }
            }
        }
        let (least, most) = func.arity();
        if args.len() < least || args.len() > most {
            return Err(ParseError { position: start, message: msg::formula_arity(func.name(), args.len()) });
        }
        self.node(Expr::Call(func, args))
    }
}

impl Expr {
    /// Every parameter name the formula uses, in order of first use.
    pub fn params(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_params(&mut out);
        out
    }

    fn collect_params<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Param(name) => {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
            Expr::Neg(e) => e.collect_params(out),
            Expr::Binary(_, a, b) => {
                a.collect_params(out);
                b.collect_params(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_params(out)),
        }
    }

    /// The value for these parameters; an unknown name is an error (validation rejects
    /// it before a learner sees the exercise). The result may be infinite or NaN.
    pub fn eval(&self, params: &BTreeMap<String, f64>) -> Result<f64, String> {
        Ok(match self {
            Expr::Number(x) => *x,
            Expr::Param(name) => *params.get(name).ok_or_else(|| msg::formula_unknown_param(name))?,
            Expr::Neg(e) => -e.eval(params)?,
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(params)?, b.eval(params)?);
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Pow => a.powf(b),
                }
            }
            Expr::Call(func, args) => {
                let values = args.iter().map(|a| a.eval(params)).collect::<Result<Vec<f64>, String>>()?;
                match func {
                    Func::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
                    Func::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    Func::Abs => values[0].abs(),
                    Func::Sqrt => values[0].sqrt(),
                    Func::Round => {
                        let digits = values.get(1).copied().unwrap_or(0.0).round().clamp(-15.0, 15.0);
                        let scale = 10f64.powf(digits);
                        (values[0] * scale).round() / scale
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, params: &[(&str, f64)]) -> Result<f64, String> {
        let params = params.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        parse(text).map_err(|e| e.to_string())?.eval(&params)
    }

    #[test]
    fn evaluates_with_precedence_and_associativity() {
        let cases: &[(&str, f64)] = &[
            ("1 + 2 * 3", 7.0),
            ("(1 + 2) * 3", 9.0),
            ("2 ^ 3 ^ 2", 512.0),
            ("-2 ^ 2", -4.0),
            ("10 - 4 - 3", 3.0),
            ("12 / 4 / 3", 1.0),
            ("- -3", 3.0),
            ("max(1, 5, 3) - min(4; 2)", 3.0),
            ("round(2.345, 2)", 2.35),
            ("round(2.5)", 3.0),
            ("abs(-1.5) + sqrt(16)", 5.5),
            (".5 + 0.25", 0.75),
        ];
        for (text, want) in cases {
            let got = eval(text, &[]).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!((got - want).abs() < 1e-12, "{text} = {got}, want {want}");
        }
    }

    #[test]
    fn cyrillic_parameter_names() {
        let got = eval("(Ккп - Кнов) / Кнп * 100", &[("Ккп", 90.0), ("Кнов", 10.0), ("Кнп", 100.0)]);
        assert_eq!(got, Ok(80.0));
        assert_eq!(parse("(Ккп - Кнов) / Кнп").map(|e| e.params().len()), Ok(3));
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases: &[(&str, usize)] = &[
            ("1 +", 3),
            ("(1 + 2", 6),
            ("2 * # 3", 4),
            ("foo(1)", 0),
            ("abs(1, 2)", 0),
            ("1 2", 2),
            ("1..2", 0),
            ("", 0),
        ];
        let nested = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(parse(&nested(99)), Ok(Expr::Number(1.0)));
        assert_eq!(parse(&nested(100)).map_err(|e| e.position), Err(100));
        let deep = nested(100_000);
        assert!(parse(&deep).is_err(), "deep nesting is refused, not a stack overflow");
        assert!(parse(&"-".repeat(100_000)).is_err());
        for (text, position) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.position, *position, "{text}: {}", err.message);
        }
    }

    #[test]
    fn long_formulas_are_refused_not_a_stack_overflow() {
        let chain = |n: usize| format!("a{}", "+1".repeat(n));
        // 1 + 2n nodes: a, n ones, n additions.
        assert!(parse(&chain(MAX_NODES / 2 - 1)).is_ok());
        for n in [MAX_NODES / 2, 50_000, 1_000_000] {
            let err = parse(&chain(n)).expect_err("a long chain is refused");
            assert_eq!(err.message, msg::formula_too_long(MAX_NODES));
        }
        // Every shape of a long formula: products, powers, signs, calls, mixtures.
        let shapes = [
            "2*".repeat(30_000) + "2",
            "2^".repeat(30_000) + "2",
            "min(".to_owned() + &"1,".repeat(30_000) + "1)",
            "(1+".repeat(60) + "1" + &")".repeat(60) + &"-a*b/c".repeat(10_000),
            "-a-".repeat(20_000) + "1",
        ];
        for text in shapes {
            assert!(parse(&text).is_err(), "{}…", &text[..20]);
        }
        // Random formulas of every size: parsed or refused with a position, never a crash.
        let mut rng = super::super::random::SplitMix64::new(7);
        let atoms = ["1", "a", "2.5", "(", ")", "+", "-", "*", "/", "^", "min(", ",", "abs(", " "];
        for _ in 0..300 {
            let len = rng.below(20_000) as usize;
            let text: String = (0..len).map(|_| atoms[rng.below(atoms.len() as u64) as usize]).collect();
            if let Ok(e) = parse(&text) {
                let _ = e.eval(&[("a".to_string(), 1.0)].into_iter().collect());
            }
        }
    }

    #[test]
    fn unknown_parameter_is_an_error_not_a_zero() {
        assert_eq!(eval("a + b", &[("a", 1.0)]), Err(msg::formula_unknown_param("b")));
    }
}
