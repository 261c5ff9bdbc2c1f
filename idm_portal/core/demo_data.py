"""Demo world of the seed document (IC/2009/5).

The first IDM intersessional workshop of 2009 ("Effective Respect for the Human Rights of
Migrants: A Shared Responsibility", Geneva, 25-26 March 2009) "was attended by more than 200
participants representing 71 governments, 22 international organizations, 8 non-governmental
organizations, the private sector, academia and the media".

This module is plain Python data (no Django imports) used by the demo loader to rebuild that
world. Organization names and country IOM statuses are real (status as of 2009, as best
known); the people are plainly synthetic: FIRST_NAMES and LAST_NAMES are combined
deterministically into demo persons that must never be presented as real individuals.
"""

# (ISO 3166-1 alpha-2 code, IOM status in 2009)
GOVERNMENTS = (
    # Member States
    ("CH", "member"),  # Switzerland
    ("PH", "member"),  # Philippines
    ("MX", "member"),  # Mexico
    ("MA", "member"),  # Morocco
    ("US", "member"),  # United States
    ("DE", "member"),  # Germany
    ("FR", "member"),  # France
    ("ES", "member"),  # Spain
    ("IT", "member"),  # Italy
    ("EG", "member"),  # Egypt
    ("SN", "member"),  # Senegal
    ("BD", "member"),  # Bangladesh
    ("LK", "member"),  # Sri Lanka
    ("TH", "member"),  # Thailand
    ("CO", "member"),  # Colombia
    ("EC", "member"),  # Ecuador
    ("AU", "member"),  # Australia
    ("AT", "member"),  # Austria
    ("BE", "member"),  # Belgium
    ("CA", "member"),  # Canada
    ("NL", "member"),  # Netherlands
    ("NO", "member"),  # Norway
    ("SE", "member"),  # Sweden
    ("FI", "member"),  # Finland
    ("DK", "member"),  # Denmark
    ("GB", "member"),  # United Kingdom
    ("IE", "member"),  # Ireland
    ("PT", "member"),  # Portugal
    ("GR", "member"),  # Greece
    ("PL", "member"),  # Poland
    ("HU", "member"),  # Hungary
    ("CZ", "member"),  # Czech Republic
    ("RO", "member"),  # Romania
    ("BG", "member"),  # Bulgaria
    ("TR", "member"),  # Turkey
    ("JP", "member"),  # Japan
    ("KR", "member"),  # Republic of Korea
    ("PK", "member"),  # Pakistan
    ("AR", "member"),  # Argentina
    ("BR", "member"),  # Brazil
    ("CL", "member"),  # Chile
    ("PE", "member"),  # Peru
    ("GT", "member"),  # Guatemala
    ("SV", "member"),  # El Salvador
    ("HN", "member"),  # Honduras
    ("DO", "member"),  # Dominican Republic
    ("CR", "member"),  # Costa Rica
    ("TN", "member"),  # Tunisia
    ("NG", "member"),  # Nigeria
    ("GH", "member"),  # Ghana
    ("KE", "member"),  # Kenya
    ("ZA", "member"),  # South Africa
    ("ML", "member"),  # Mali
    ("ET", "member"),  # Ethiopia
    ("UG", "member"),  # Uganda
    ("AM", "member"),  # Armenia
    ("AZ", "member"),  # Azerbaijan
    ("GE", "member"),  # Georgia
    ("UA", "member"),  # Ukraine
    ("MD", "member"),  # Republic of Moldova
    ("KZ", "member"),  # Kazakhstan
    ("IR", "member"),  # Iran (Islamic Republic of)
    # Observer States
    ("CN", "observer"),  # China
    ("RU", "observer"),  # Russian Federation
    ("SA", "observer"),  # Saudi Arabia
    ("ID", "observer"),  # Indonesia
    ("QA", "observer"),  # Qatar
    ("BT", "observer"),  # Bhutan
    ("VA", "observer"),  # Holy See
    ("CU", "observer"),  # Cuba
    ("BH", "observer"),  # Bahrain
)

# (name, acronym); IOM itself is the host and is deliberately absent.
INTERNATIONAL_ORGANIZATIONS = (
    ("Office of the United Nations High Commissioner for Refugees", "UNHCR"),
    ("International Labour Organization", "ILO"),
    ("Office of the United Nations High Commissioner for Human Rights", "OHCHR"),
    ("United Nations Office on Drugs and Crime", "UNODC"),
    ("United Nations Children's Fund", "UNICEF"),
    ("United Nations Population Fund", "UNFPA"),
    ("United Nations Development Programme", "UNDP"),
    ("World Health Organization", "WHO"),
    ("World Bank", "WB"),
    ("Organisation for Economic Co-operation and Development", "OECD"),
    ("International Centre for Migration Policy Development", "ICMPD"),
    ("Council of Europe", "CoE"),
    ("European Commission", "EC"),
    ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("African Union", "AU"),
    ("League of Arab States", "LAS"),
    ("International Committee of the Red Cross", "ICRC"),
    ("International Federation of Red Cross and Red Crescent Societies", "IFRC"),
    ("United Nations Educational, Scientific and Cultural Organization", "UNESCO"),
    ("United Nations Institute for Training and Research", "UNITAR"),
    ("Inter-Parliamentary Union", "IPU"),
    ("Economic Community of West African States", "ECOWAS"),
)

# (name, acronym or "")
NON_GOVERNMENTAL_ORGANIZATIONS = (
    ("Amnesty International", ""),
    ("Human Rights Watch", "HRW"),
    ("Caritas Internationalis", ""),
    ("International Catholic Migration Commission", "ICMC"),
    ("Migrants Rights International", "MRI"),
    ("Anti-Slavery International", ""),
    ("La Strada International", "LSI"),
    ("December 18", ""),
)

# (name, acronym or "")
PRIVATE_SECTOR = (
    ("International Organisation of Employers", "IOE"),
    ("Manpower Inc.", ""),
    ("Western Union", ""),
)

# (name, acronym or "")
ACADEMIA = (
    ("Graduate Institute of International and Development Studies", "IHEID"),
    ("University of Oxford Centre on Migration, Policy and Society", "COMPAS"),
    ("Migration Policy Institute", "MPI"),
)

# (name, acronym or "")
MEDIA = (
    ("Inter Press Service", "IPS"),
    ("Swissinfo", ""),
)

# Synthetic people: combined deterministically; never to be presented as real persons.
FIRST_NAMES = (
    "Amara",
    "Bastien",
    "Chiara",
    "Dmitri",
    "Esperanza",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jomo",
    "Katarina",
    "Luis",
    "Mei",
    "Nadia",
    "Oluwaseun",
    "Pablo",
    "Quynh",
    "Rania",
    "Sven",
    "Tamar",
    "Umar",
    "Valentina",
    "Wanjiru",
    "Xavier",
    "Yasmin",
    "Zoltan",
    "Aiko",
    "Bogdan",
    "Carmen",
    "Dariush",
    "Elif",
    "Fatou",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jasmine",
    "Kofi",
    "Leila",
    "Mateo",
    "Nilufar",
)

LAST_NAMES = (
    "Demoulin",
    "Sampleton",
    "Exemplova",
    "Testarossi",
    "Mockwell",
    "Placeholderi",
    "Fictivo",
    "Dummerson",
    "Specimenko",
    "Prototyp",
    "Modelaar",
    "Probanez",
    "Esempio",
    "Beispielmann",
    "Ejemplar",
    "Echantillon",
    "Trialsen",
    "Pilotovic",
    "Draftley",
    "Sketcharu",
    "Mustermann-Demo",
    "Fakhouri-Test",
    "Simulado",
    "Imitavi",
    "Mimicsson",
    "Replicano",
    "Examplewe",
    "Tentativa",
    "Sandboxer",
    "Stubbington",
    "Fixturel",
    "Seedling-Demo",
    "Loremova",
    "Ipsumbe",
    "Dolorosi",
    "Ametrano",
    "Consectura",
    "Fauxmont",
    "Pretendo",
    "Notrealo",
)

# Member States whose (synthetic) focal points become demo accounts.
FOCAL_POINT_COUNTRIES = ("CH", "PH", "MX", "MA")
