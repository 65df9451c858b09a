"""Who belonged when and what happened: memberships, curated events, bases, filters, map frames."""
