"""US English dates, as the site has always written them."""

DATE_FORMAT = "F j, Y"
