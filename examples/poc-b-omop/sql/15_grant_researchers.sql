-- Gives the project's researchers read access to the CDM. Run once, as the
-- warehouse's admin user, after 10_create_tables.sql:
--   psql "<connection>" -v ON_ERROR_STOP=1 -f 15_grant_researchers.sql
--
-- Each researcher gets a database user of their own (unique user
-- identification; Redshift's user activity log names who ran each query).
-- Those users are created by hand, in an interactive psql session, never in
-- a file, because their passwords are secrets:
--   CREATE USER kresearcher PASSWORD '<given to her out of band>' IN GROUP researchers;
-- Researchers read the CDM; only the admin user loads or changes it.

\set ON_ERROR_STOP on

CREATE GROUP researchers;

GRANT USAGE ON SCHEMA cdm TO GROUP researchers;

GRANT SELECT ON ALL TABLES IN SCHEMA cdm TO GROUP researchers;
