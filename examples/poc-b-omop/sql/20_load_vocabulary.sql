-- Loads the OMOP standardized vocabularies, as downloaded from OHDSI Athena,
-- from the project's data-in bucket into the tables of 10_create_tables.sql.
--
-- Athena's files are tab-delimited text with a header row, dates written
-- YYYYMMDD, and no quoting: a quote inside a concept name is part of the
-- name, which is why they are read as plain delimited text, not as CSV.
-- Upload them gzipped under vocabulary/ in data-in (file names as Athena
-- writes them: CONCEPT.csv.gz, VOCABULARY.csv.gz ...), then run on a worker:
--
--   psql "host=<endpoint> port=5439 dbname=<database> user=<admin> sslmode=verify-full sslrootcert=<bundle>" \
--        -v ON_ERROR_STOP=1 \
--        -v data_in=s3://<pit>-data-in-<account>-<region>/ \
--        -v warehouse_role_arn=<the warehouse's COPY/UNLOAD role ARN> \
--        -f 20_load_vocabulary.sql
--
-- COPY reads the files as the warehouse's IAM role (IAM_ROLE): no access key
-- is ever written here or in the database. With enhanced VPC routing the
-- reads leave the warehouse through the project's S3 endpoint, the only path
-- the data-in bucket accepts reads from.
-- Each COPY is all or nothing (MAXERROR is 0 by default); a refused row is
-- named, with file and line, in stl_load_errors (see 40_verify.sql; run that
-- query as this script's user, who alone sees these loads' errors).
-- Empty fields load as NULL (EMPTYASNULL): standard_concept and
-- invalid_reason are empty for most concepts.

\set ON_ERROR_STOP on

\set src :data_in 'vocabulary/CONCEPT.csv.gz'
COPY cdm.concept
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'YYYYMMDD'
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/VOCABULARY.csv.gz'
COPY cdm.vocabulary
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/DOMAIN.csv.gz'
COPY cdm.domain
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/CONCEPT_CLASS.csv.gz'
COPY cdm.concept_class
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/CONCEPT_RELATIONSHIP.csv.gz'
COPY cdm.concept_relationship
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'YYYYMMDD'
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/RELATIONSHIP.csv.gz'
COPY cdm.relationship
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/CONCEPT_SYNONYM.csv.gz'
COPY cdm.concept_synonym
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/CONCEPT_ANCESTOR.csv.gz'
COPY cdm.concept_ancestor
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
EMPTYASNULL
ACCEPTINVCHARS;

\set src :data_in 'vocabulary/DRUG_STRENGTH.csv.gz'
COPY cdm.drug_strength
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'YYYYMMDD'
EMPTYASNULL
ACCEPTINVCHARS;
