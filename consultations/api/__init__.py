"""The consultations' public API: published discussion notes, closed voting rounds and
their results."""
