"""Cases, activities by role, referrals, mediation, protection and outreach events."""
