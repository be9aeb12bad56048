"""csrating: the annual rating of local authorities' children's services, reproduced and explained."""

__version__ = "0.1.0"
