"""England's nine ONS regions (E12 codes): every authority is in one, and a
coordinator is scoped to one or more of them, or to all of England."""

from django.db import models


class Region(models.TextChoices):
    # The stored value is ONS's region name, as the reference file and
    # Borough.region have always written it.
    NORTH_EAST = "North East", "North East"
    NORTH_WEST = "North West", "North West"
    YORKSHIRE = "Yorkshire and The Humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands", "East Midlands"
    WEST_MIDLANDS = "West Midlands", "West Midlands"
    EAST = "East of England", "East of England"
    LONDON = "London", "London"
    SOUTH_EAST = "South East", "South East"
    SOUTH_WEST = "South West", "South West"


REGION_CODES = {
    Region.NORTH_EAST: "E12000001",
    Region.NORTH_WEST: "E12000002",
    Region.YORKSHIRE: "E12000003",
    Region.EAST_MIDLANDS: "E12000004",
    Region.WEST_MIDLANDS: "E12000005",
    Region.EAST: "E12000006",
    Region.LONDON: "E12000007",
    Region.SOUTH_EAST: "E12000008",
    Region.SOUTH_WEST: "E12000009",
}
