"""UNSPSC, the category codes suppliers put on cart lines: segment (2 digits) and family
(4 digits) with the titles of the common ones."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

UNCATEGORISED = _("Uncategorised")

# UNSPSC segment (first 2 digits) and common family (first 4) titles. They are the code set's
# published English titles, kept as reference data rather than translated.
UNSPSC_SEGMENTS = {
    "10": "Live Plant and Animal Material and Accessories and Supplies",
    "11": "Mineral and Textile and Inedible Plant and Animal Materials",
    "12": "Chemicals including Bio Chemicals and Gas Materials",
    "13": "Resin and Rosin and Rubber and Foam and Film and Elastomeric Materials",
    "14": "Paper Materials and Products",
    "15": "Fuels and Fuel Additives and Lubricants and Anti corrosive Materials",
    "20": "Mining and Well Drilling Machinery and Accessories",
    "21": "Farming and Fishing and Forestry and Wildlife Machinery and Accessories",
    "22": "Building and Construction Machinery and Accessories",
    "23": "Industrial Manufacturing and Processing Machinery and Accessories",
    "24": "Material Handling and Conditioning and Storage Machinery and their Accessories and "
          "Supplies",
    "25": "Commercial and Military and Private Vehicles and their Accessories and Components",
    "26": "Power Generation and Distribution Machinery and Accessories",
    "27": "Tools and General Machinery",
    "30": "Structures and Building and Construction and Manufacturing Components and Supplies",
    "31": "Manufacturing Components and Supplies",
    "32": "Electronic Components and Supplies",
    "39": "Electrical Systems and Lighting and Components and Accessories and Supplies",
    "40": "Distribution and Conditioning Systems and Equipment and Components",
    "41": "Laboratory and Measuring and Observing and Testing Equipment",
    "42": "Medical Equipment and Accessories and Supplies",
    "43": "Information Technology Broadcasting and Telecommunications",
    "44": "Office Equipment and Accessories and Supplies",
    "45": "Printing and Photographic and Audio and Visual Equipment and Supplies",
    "46": "Defense and Law Enforcement and Security and Safety Equipment and Supplies",
    "47": "Cleaning Equipment and Supplies",
    "48": "Service Industry Machinery and Equipment and Supplies",
    "49": "Sports and Recreational Equipment and Supplies and Accessories",
    "50": "Food Beverage and Tobacco Products",
    "51": "Drugs and Pharmaceutical Products",
    "52": "Domestic Appliances and Supplies and Consumer Electronic Products",
    "53": "Apparel and Luggage and Personal Care Products",
    "54": "Timepieces and Jewelry and Gemstone Products",
    "55": "Published Products",
    "56": "Furniture and Furnishings",
    "60": "Musical Instruments and Games and Toys and Arts and Crafts and Educational Equipment "
          "and Materials and Accessories and Supplies",
    "72": "Building and Facility Construction and Maintenance Services",
    "76": "Industrial Cleaning Services",
    "78": "Transportation and Storage and Mail Services",
    "80": "Management and Business Professionals and Administrative Services",
    "81": "Engineering and Research and Technology Based Services",
    "82": "Editorial and Design and Graphic and Fine Art Services",
    "84": "Financial and Insurance Services",
    "86": "Education and Training Services",
    "90": "Travel and Food and Lodging and Entertainment Services",
}
UNSPSC_FAMILIES = {
    "1411": "Paper products",
    "4320": "Components for information technology or broadcasting or telecommunications",
    "4321": "Computer Equipment and Accessories",
    "4322": "Data Voice or Multimedia Network Equipment or Platforms and Accessories",
    "4323": "Software",
    "4410": "Office machines and their supplies and accessories",
    "4411": "Office and desk accessories",
    "4412": "Office supplies",
    "4511": "Audio and visual presentation and composing equipment",
    "4713": "Cleaning and janitorial supplies",
    "5020": "Beverages",
    "5214": "Domestic appliances",
    "5216": "Consumer electronics",
    "5610": "Accommodation furniture",
    "5611": "Commercial and industrial furniture",
}


def unspsc_segment(code: str) -> str:
    """The segment (first 2 digits) of a UNSPSC code, "" when the code says none."""
    segment = code[:2]
    return segment if len(segment) == 2 and segment.isdigit() and segment != "00" else ""


def unspsc_family(code: str) -> str:
    """The family (first 4 digits) of a UNSPSC code, "" when the code says none."""
    family = code[:4]
    return family if len(family) == 4 and family.isdigit() and unspsc_segment(family) else ""


def unspsc_segment_title(segment: str) -> str:
    if not segment:
        return str(UNCATEGORISED)
    return UNSPSC_SEGMENTS.get(segment, gettext("Segment %(code)s") % {"code": segment})


def unspsc_family_title(family: str) -> str:
    if not family:
        return str(UNCATEGORISED)
    if family in UNSPSC_FAMILIES:
        return UNSPSC_FAMILIES[family]
    return gettext("Family %(code)s (%(segment)s)") % {
        "code": family, "segment": unspsc_segment_title(family[:2])}
