"""Every change of state of the ground floor, by topic: accounts (roles, site) and outbox
(e-mail)."""
