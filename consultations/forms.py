"""Forms of consultations."""

# --- Theme consultations: proposals, suggestions, voting rounds, adoption (issue 6) ---


# --- Discussion notes (issue 7) ---
