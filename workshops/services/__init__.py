"""Every change of state of workshops, by topic: agenda (sessions, speakers, releases) and
documents (uploads)."""
