# Dates as IOM documents write them: "17 April 2009".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
# Times on the 24-hour clock, as IOM writes them (and French and Spanish already do).
TIME_FORMAT = "H:i"
