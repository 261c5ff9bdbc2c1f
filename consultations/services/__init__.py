"""Every change of state in consultations: one module per topic."""
