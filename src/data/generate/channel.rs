//! The channels a customer can be written to: what a customer's subscriptions and a
//! campaign's sends both name.

/// A channel of communication with a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
    Push,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Push => "push",
        }
    }
}
