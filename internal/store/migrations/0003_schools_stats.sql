-- School codes and aggregate statistics.

-- A code a school hands to its pupils, so their conversations count towards the school's
-- figures. owner is the chat key (HMAC, see Keyer) of the school staff chat that made the
-- code, or NULL when an operator made it from the command line; erasing that chat sets it
-- to NULL (the code keeps working, the link to the chat is gone). name is a label only an
-- operator gives, from the command line. Days are 'YYYY-MM-DD' in UTC; retired_day is NULL
-- while the code is active.
CREATE TABLE schools (
	code        TEXT PRIMARY KEY,
	owner       TEXT,
	region      TEXT NOT NULL,
	lang        TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	created_day TEXT NOT NULL,
	retired_day TEXT
);
CREATE INDEX schools_owner ON schools (owner);

-- Aggregate counters only: how many times an event happened on a day, per region,
-- audience and school code. No chat key, no person, no time finer than a UTC day
-- ('YYYY-MM-DD'), so no row can be traced back to a conversation. The empty string
-- stands for an unknown region or audience and for no school. A test pins these columns.
CREATE TABLE stats (
	day      TEXT    NOT NULL,
	region   TEXT    NOT NULL,
	audience TEXT    NOT NULL,
	school   TEXT    NOT NULL,
	event    TEXT    NOT NULL,
	n        INTEGER NOT NULL,
	PRIMARY KEY (day, region, audience, school, event)
);
