"""Staff sign-in and the staff menu. Staff never open a vault."""
