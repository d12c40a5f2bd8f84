"""What every app of the portal shares, importing no domain app (see the house style's "Layout")."""
