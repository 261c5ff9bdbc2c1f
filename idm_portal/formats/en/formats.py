# Dates as IOM documents write them: "17 April 2009".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
