-- OMOP Common Data Model v5.4 on Amazon Redshift: every table of the CDM,
-- the standardized vocabularies and the cohort tables, in one schema "cdm".
--
-- Run once, as the warehouse's admin user, from a worker:
--   psql "host=<endpoint> port=5439 dbname=<database> user=<admin> sslmode=verify-full sslrootcert=<bundle>" \
--        -v ON_ERROR_STOP=1 -f 10_create_tables.sql
-- It never drops anything: a second run stops at the first table that exists.
--
-- Choices for Redshift (the CDM specification is database-neutral):
--  * Types. Identifiers are INTEGER (BIGINT where v5.4 says so). Measured
--    values are FLOAT: Redshift's NUMERIC without a precision is
--    NUMERIC(18,0) and would cut every decimal. Free text is VARCHAR(65535):
--    Redshift's TEXT is only VARCHAR(256).
--  * NOT NULL where v5.4 requires a value; Redshift enforces it.
--  * No PRIMARY KEY or FOREIGN KEY: Redshift does not enforce them but its
--    planner trusts them, so a declared key the data breaks gives wrong
--    answers. 40_verify.sql checks the keys instead.
--  * Distribution. Every table with a person_id is distributed on it
--    (DISTKEY(person_id)), so that joins between a person's records stay on
--    one slice. Small lookup tables are copied to every node (DISTSTYLE
--    ALL). The large vocabulary tables are distributed on their concept id.
--  * Sort keys. Clinical tables sort on (person_id, the event's start date):
--    a person's history is read in time order and date-range filters skip
--    blocks. Vocabulary tables sort on the concept id they are looked up by.
--  * Column compression is left to Redshift (ENCODE AUTO, the default).

CREATE SCHEMA IF NOT EXISTS cdm;

-- Clinical data tables ------------------------------------------------------

CREATE TABLE cdm.person (
    person_id                   INTEGER     NOT NULL,
    gender_concept_id           INTEGER     NOT NULL,
    year_of_birth               INTEGER     NOT NULL,
    month_of_birth              INTEGER,
    day_of_birth                INTEGER,
    birth_datetime              TIMESTAMP,
    race_concept_id             INTEGER     NOT NULL,
    ethnicity_concept_id        INTEGER     NOT NULL,
    location_id                 INTEGER,
    provider_id                 INTEGER,
    care_site_id                INTEGER,
    person_source_value         VARCHAR(50),
    gender_source_value         VARCHAR(50),
    gender_source_concept_id    INTEGER,
    race_source_value           VARCHAR(50),
    race_source_concept_id      INTEGER,
    ethnicity_source_value      VARCHAR(50),
    ethnicity_source_concept_id INTEGER
)
DISTKEY (person_id)
SORTKEY (person_id);

CREATE TABLE cdm.observation_period (
    observation_period_id         INTEGER NOT NULL,
    person_id                     INTEGER NOT NULL,
    observation_period_start_date DATE    NOT NULL,
    observation_period_end_date   DATE    NOT NULL,
    period_type_concept_id        INTEGER NOT NULL
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, observation_period_start_date);

CREATE TABLE cdm.visit_occurrence (
    visit_occurrence_id           INTEGER     NOT NULL,
    person_id                     INTEGER     NOT NULL,
    visit_concept_id              INTEGER     NOT NULL,
    visit_start_date              DATE        NOT NULL,
    visit_start_datetime          TIMESTAMP,
    visit_end_date                DATE        NOT NULL,
    visit_end_datetime            TIMESTAMP,
    visit_type_concept_id         INTEGER     NOT NULL,
    provider_id                   INTEGER,
    care_site_id                  INTEGER,
    visit_source_value            VARCHAR(50),
    visit_source_concept_id       INTEGER,
    admitted_from_concept_id      INTEGER,
    admitted_from_source_value    VARCHAR(50),
    discharged_to_concept_id      INTEGER,
    discharged_to_source_value    VARCHAR(50),
    preceding_visit_occurrence_id INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, visit_start_date);

CREATE TABLE cdm.visit_detail (
    visit_detail_id                INTEGER     NOT NULL,
    person_id                      INTEGER     NOT NULL,
    visit_detail_concept_id        INTEGER     NOT NULL,
    visit_detail_start_date        DATE        NOT NULL,
    visit_detail_start_datetime    TIMESTAMP,
    visit_detail_end_date          DATE        NOT NULL,
    visit_detail_end_datetime      TIMESTAMP,
    visit_detail_type_concept_id   INTEGER     NOT NULL,
    provider_id                    INTEGER,
    care_site_id                   INTEGER,
    visit_detail_source_value      VARCHAR(50),
    visit_detail_source_concept_id INTEGER,
    admitted_from_concept_id       INTEGER,
    admitted_from_source_value     VARCHAR(50),
    discharged_to_source_value     VARCHAR(50),
    discharged_to_concept_id       INTEGER,
    preceding_visit_detail_id      INTEGER,
    parent_visit_detail_id         INTEGER,
    visit_occurrence_id            INTEGER     NOT NULL
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, visit_detail_start_date);

CREATE TABLE cdm.condition_occurrence (
    condition_occurrence_id       INTEGER     NOT NULL,
    person_id                     INTEGER     NOT NULL,
    condition_concept_id          INTEGER     NOT NULL,
    condition_start_date          DATE        NOT NULL,
    condition_start_datetime      TIMESTAMP,
    condition_end_date            DATE,
    condition_end_datetime        TIMESTAMP,
    condition_type_concept_id     INTEGER     NOT NULL,
    condition_status_concept_id   INTEGER,
    stop_reason                   VARCHAR(20),
    provider_id                   INTEGER,
    visit_occurrence_id           INTEGER,
    visit_detail_id               INTEGER,
    condition_source_value        VARCHAR(50),
    condition_source_concept_id   INTEGER,
    condition_status_source_value VARCHAR(50)
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, condition_start_date);

CREATE TABLE cdm.drug_exposure (
    drug_exposure_id             INTEGER        NOT NULL,
    person_id                    INTEGER        NOT NULL,
    drug_concept_id              INTEGER        NOT NULL,
    drug_exposure_start_date     DATE           NOT NULL,
    drug_exposure_start_datetime TIMESTAMP,
    drug_exposure_end_date       DATE           NOT NULL,
    drug_exposure_end_datetime   TIMESTAMP,
    verbatim_end_date            DATE,
    drug_type_concept_id         INTEGER        NOT NULL,
    stop_reason                  VARCHAR(20),
    refills                      INTEGER,
    quantity                     FLOAT,
    days_supply                  INTEGER,
    sig                          VARCHAR(65535),
    route_concept_id             INTEGER,
    lot_number                   VARCHAR(50),
    provider_id                  INTEGER,
    visit_occurrence_id          INTEGER,
    visit_detail_id              INTEGER,
    drug_source_value            VARCHAR(50),
    drug_source_concept_id       INTEGER,
    route_source_value           VARCHAR(50),
    dose_unit_source_value       VARCHAR(50)
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, drug_exposure_start_date);

CREATE TABLE cdm.procedure_occurrence (
    procedure_occurrence_id     INTEGER     NOT NULL,
    person_id                   INTEGER     NOT NULL,
    procedure_concept_id        INTEGER     NOT NULL,
    procedure_date              DATE        NOT NULL,
    procedure_datetime          TIMESTAMP,
    procedure_end_date          DATE,
    procedure_end_datetime      TIMESTAMP,
    procedure_type_concept_id   INTEGER     NOT NULL,
    modifier_concept_id         INTEGER,
    quantity                    INTEGER,
    provider_id                 INTEGER,
    visit_occurrence_id         INTEGER,
    visit_detail_id             INTEGER,
    procedure_source_value      VARCHAR(50),
    procedure_source_concept_id INTEGER,
    modifier_source_value       VARCHAR(50)
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, procedure_date);

CREATE TABLE cdm.device_exposure (
    device_exposure_id             INTEGER      NOT NULL,
    person_id                      INTEGER      NOT NULL,
    device_concept_id              INTEGER      NOT NULL,
    device_exposure_start_date     DATE         NOT NULL,
    device_exposure_start_datetime TIMESTAMP,
    device_exposure_end_date       DATE,
    device_exposure_end_datetime   TIMESTAMP,
    device_type_concept_id         INTEGER      NOT NULL,
    unique_device_id               VARCHAR(255),
    production_id                  VARCHAR(255),
    quantity                       INTEGER,
    provider_id                    INTEGER,
    visit_occurrence_id            INTEGER,
    visit_detail_id                INTEGER,
    device_source_value            VARCHAR(50),
    device_source_concept_id       INTEGER,
    unit_concept_id                INTEGER,
    unit_source_value              VARCHAR(50),
    unit_source_concept_id         INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, device_exposure_start_date);

CREATE TABLE cdm.measurement (
    measurement_id                INTEGER     NOT NULL,
    person_id                     INTEGER     NOT NULL,
    measurement_concept_id        INTEGER     NOT NULL,
    measurement_date              DATE        NOT NULL,
    measurement_datetime          TIMESTAMP,
    measurement_time              VARCHAR(10),
    measurement_type_concept_id   INTEGER     NOT NULL,
    operator_concept_id           INTEGER,
    value_as_number               FLOAT,
    value_as_concept_id           INTEGER,
    unit_concept_id               INTEGER,
    range_low                     FLOAT,
    range_high                    FLOAT,
    provider_id                   INTEGER,
    visit_occurrence_id           INTEGER,
    visit_detail_id               INTEGER,
    measurement_source_value      VARCHAR(50),
    measurement_source_concept_id INTEGER,
    unit_source_value             VARCHAR(50),
    unit_source_concept_id        INTEGER,
    value_source_value            VARCHAR(50),
    measurement_event_id          BIGINT,
    meas_event_field_concept_id   INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, measurement_date);

CREATE TABLE cdm.observation (
    observation_id                INTEGER     NOT NULL,
    person_id                     INTEGER     NOT NULL,
    observation_concept_id        INTEGER     NOT NULL,
    observation_date              DATE        NOT NULL,
    observation_datetime          TIMESTAMP,
    observation_type_concept_id   INTEGER     NOT NULL,
    value_as_number               FLOAT,
    value_as_string               VARCHAR(60),
    value_as_concept_id           INTEGER,
    qualifier_concept_id          INTEGER,
    unit_concept_id               INTEGER,
    provider_id                   INTEGER,
    visit_occurrence_id           INTEGER,
    visit_detail_id               INTEGER,
    observation_source_value      VARCHAR(50),
    observation_source_concept_id INTEGER,
    unit_source_value             VARCHAR(50),
    qualifier_source_value        VARCHAR(50),
    value_source_value            VARCHAR(50),
    observation_event_id          BIGINT,
    obs_event_field_concept_id    INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, observation_date);

CREATE TABLE cdm.death (
    person_id               INTEGER     NOT NULL,
    death_date              DATE        NOT NULL,
    death_datetime          TIMESTAMP,
    death_type_concept_id   INTEGER,
    cause_concept_id        INTEGER,
    cause_source_value      VARCHAR(50),
    cause_source_concept_id INTEGER
)
DISTKEY (person_id)
SORTKEY (person_id);

CREATE TABLE cdm.note (
    note_id                     INTEGER        NOT NULL,
    person_id                   INTEGER        NOT NULL,
    note_date                   DATE           NOT NULL,
    note_datetime               TIMESTAMP,
    note_type_concept_id        INTEGER        NOT NULL,
    note_class_concept_id       INTEGER        NOT NULL,
    note_title                  VARCHAR(250),
    note_text                   VARCHAR(65535) NOT NULL,
    encoding_concept_id         INTEGER        NOT NULL,
    language_concept_id         INTEGER        NOT NULL,
    provider_id                 INTEGER,
    visit_occurrence_id         INTEGER,
    visit_detail_id             INTEGER,
    note_source_value           VARCHAR(50),
    note_event_id               BIGINT,
    note_event_field_concept_id INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, note_date);

-- note_nlp has no person_id: it follows its note.
CREATE TABLE cdm.note_nlp (
    note_nlp_id                INTEGER       NOT NULL,
    note_id                    INTEGER       NOT NULL,
    section_concept_id         INTEGER,
    snippet                    VARCHAR(250),
    "offset"                   VARCHAR(50),
    lexical_variant            VARCHAR(250)  NOT NULL,
    note_nlp_concept_id        INTEGER,
    note_nlp_source_concept_id INTEGER,
    nlp_system                 VARCHAR(250),
    nlp_date                   DATE          NOT NULL,
    nlp_datetime               TIMESTAMP,
    term_exists                VARCHAR(1),
    term_temporal              VARCHAR(50),
    term_modifiers             VARCHAR(2000)
)
DISTKEY (note_id)
SORTKEY (note_id);

CREATE TABLE cdm.specimen (
    specimen_id                 INTEGER     NOT NULL,
    person_id                   INTEGER     NOT NULL,
    specimen_concept_id         INTEGER     NOT NULL,
    specimen_type_concept_id    INTEGER     NOT NULL,
    specimen_date               DATE        NOT NULL,
    specimen_datetime           TIMESTAMP,
    quantity                    FLOAT,
    unit_concept_id             INTEGER,
    anatomic_site_concept_id    INTEGER,
    disease_status_concept_id   INTEGER,
    specimen_source_id          VARCHAR(50),
    specimen_source_value       VARCHAR(50),
    unit_source_value           VARCHAR(50),
    anatomic_site_source_value  VARCHAR(50),
    disease_status_source_value VARCHAR(50)
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, specimen_date);

-- fact_relationship links facts of any domain: no person_id to follow.
CREATE TABLE cdm.fact_relationship (
    domain_concept_id_1     INTEGER NOT NULL,
    fact_id_1               INTEGER NOT NULL,
    domain_concept_id_2     INTEGER NOT NULL,
    fact_id_2               INTEGER NOT NULL,
    relationship_concept_id INTEGER NOT NULL
)
DISTSTYLE EVEN
COMPOUND SORTKEY (domain_concept_id_1, fact_id_1);

-- Health system tables ------------------------------------------------------

CREATE TABLE cdm.location (
    location_id           INTEGER     NOT NULL,
    address_1             VARCHAR(50),
    address_2             VARCHAR(50),
    city                  VARCHAR(50),
    state                 VARCHAR(2),
    zip                   VARCHAR(9),
    county                VARCHAR(20),
    location_source_value VARCHAR(50),
    country_concept_id    INTEGER,
    country_source_value  VARCHAR(80),
    latitude              FLOAT,
    longitude             FLOAT
)
DISTSTYLE ALL
SORTKEY (location_id);

CREATE TABLE cdm.care_site (
    care_site_id                  INTEGER      NOT NULL,
    care_site_name                VARCHAR(255),
    place_of_service_concept_id   INTEGER,
    location_id                   INTEGER,
    care_site_source_value        VARCHAR(50),
    place_of_service_source_value VARCHAR(50)
)
DISTSTYLE ALL
SORTKEY (care_site_id);

CREATE TABLE cdm.provider (
    provider_id                 INTEGER      NOT NULL,
    provider_name               VARCHAR(255),
    npi                         VARCHAR(20),
    dea                         VARCHAR(20),
    specialty_concept_id        INTEGER,
    care_site_id                INTEGER,
    year_of_birth               INTEGER,
    gender_concept_id           INTEGER,
    provider_source_value       VARCHAR(50),
    specialty_source_value      VARCHAR(50),
    specialty_source_concept_id INTEGER,
    gender_source_value         VARCHAR(50),
    gender_source_concept_id    INTEGER
)
DISTSTYLE ALL
SORTKEY (provider_id);

-- Health economics tables ---------------------------------------------------

CREATE TABLE cdm.payer_plan_period (
    payer_plan_period_id          INTEGER     NOT NULL,
    person_id                     INTEGER     NOT NULL,
    payer_plan_period_start_date  DATE        NOT NULL,
    payer_plan_period_end_date    DATE        NOT NULL,
    payer_concept_id              INTEGER,
    payer_source_value            VARCHAR(50),
    payer_source_concept_id       INTEGER,
    plan_concept_id               INTEGER,
    plan_source_value             VARCHAR(50),
    plan_source_concept_id        INTEGER,
    sponsor_concept_id            INTEGER,
    sponsor_source_value          VARCHAR(50),
    sponsor_source_concept_id     INTEGER,
    family_source_value           VARCHAR(50),
    stop_reason_concept_id        INTEGER,
    stop_reason_source_value      VARCHAR(50),
    stop_reason_source_concept_id INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, payer_plan_period_start_date);

-- cost rows belong to an event of any domain (cost_event_id, cost_domain_id).
CREATE TABLE cdm.cost (
    cost_id                   INTEGER     NOT NULL,
    cost_event_id             INTEGER     NOT NULL,
    cost_domain_id            VARCHAR(20) NOT NULL,
    cost_type_concept_id      INTEGER     NOT NULL,
    currency_concept_id       INTEGER,
    total_charge              FLOAT,
    total_cost                FLOAT,
    total_paid                FLOAT,
    paid_by_payer             FLOAT,
    paid_by_patient           FLOAT,
    paid_patient_copay        FLOAT,
    paid_patient_coinsurance  FLOAT,
    paid_patient_deductible   FLOAT,
    paid_by_primary           FLOAT,
    paid_ingredient_cost      FLOAT,
    paid_dispensing_fee       FLOAT,
    payer_plan_period_id      INTEGER,
    amount_allowed            FLOAT,
    revenue_code_concept_id   INTEGER,
    revenue_code_source_value VARCHAR(50),
    drg_concept_id            INTEGER,
    drg_source_value          VARCHAR(3)
)
DISTKEY (cost_event_id)
COMPOUND SORTKEY (cost_domain_id, cost_event_id);

-- Standardized derived elements ---------------------------------------------

CREATE TABLE cdm.drug_era (
    drug_era_id         INTEGER NOT NULL,
    person_id           INTEGER NOT NULL,
    drug_concept_id     INTEGER NOT NULL,
    drug_era_start_date DATE    NOT NULL,
    drug_era_end_date   DATE    NOT NULL,
    drug_exposure_count INTEGER,
    gap_days            INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, drug_era_start_date);

CREATE TABLE cdm.dose_era (
    dose_era_id         INTEGER NOT NULL,
    person_id           INTEGER NOT NULL,
    drug_concept_id     INTEGER NOT NULL,
    unit_concept_id     INTEGER NOT NULL,
    dose_value          FLOAT   NOT NULL,
    dose_era_start_date DATE    NOT NULL,
    dose_era_end_date   DATE    NOT NULL
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, dose_era_start_date);

CREATE TABLE cdm.condition_era (
    condition_era_id           INTEGER NOT NULL,
    person_id                  INTEGER NOT NULL,
    condition_concept_id       INTEGER NOT NULL,
    condition_era_start_date   DATE    NOT NULL,
    condition_era_end_date     DATE    NOT NULL,
    condition_occurrence_count INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, condition_era_start_date);

-- v5.4 declares episode.person_id BIGINT; it is kept, although joins with
-- the INTEGER person_id of the other tables then redistribute rows.
CREATE TABLE cdm.episode (
    episode_id                BIGINT      NOT NULL,
    person_id                 BIGINT      NOT NULL,
    episode_concept_id        INTEGER     NOT NULL,
    episode_start_date        DATE        NOT NULL,
    episode_start_datetime    TIMESTAMP,
    episode_end_date          DATE,
    episode_end_datetime      TIMESTAMP,
    episode_parent_id         BIGINT,
    episode_number            INTEGER,
    episode_object_concept_id INTEGER     NOT NULL,
    episode_type_concept_id   INTEGER     NOT NULL,
    episode_source_value      VARCHAR(50),
    episode_source_concept_id INTEGER
)
DISTKEY (person_id)
COMPOUND SORTKEY (person_id, episode_start_date);

CREATE TABLE cdm.episode_event (
    episode_id                     BIGINT  NOT NULL,
    event_id                       BIGINT  NOT NULL,
    episode_event_field_concept_id INTEGER NOT NULL
)
DISTKEY (episode_id)
SORTKEY (episode_id);

-- Metadata tables -----------------------------------------------------------

CREATE TABLE cdm.metadata (
    metadata_id              INTEGER      NOT NULL,
    metadata_concept_id      INTEGER      NOT NULL,
    metadata_type_concept_id INTEGER      NOT NULL,
    name                     VARCHAR(250) NOT NULL,
    value_as_string          VARCHAR(250),
    value_as_concept_id      INTEGER,
    value_as_number          FLOAT,
    metadata_date            DATE,
    metadata_datetime        TIMESTAMP
)
DISTSTYLE ALL;

CREATE TABLE cdm.cdm_source (
    cdm_source_name                VARCHAR(255)   NOT NULL,
    cdm_source_abbreviation        VARCHAR(25)    NOT NULL,
    cdm_holder                     VARCHAR(255)   NOT NULL,
    source_description             VARCHAR(65535),
    source_documentation_reference VARCHAR(255),
    cdm_etl_reference              VARCHAR(255),
    source_release_date            DATE           NOT NULL,
    cdm_release_date               DATE           NOT NULL,
    cdm_version                    VARCHAR(10),
    cdm_version_concept_id         INTEGER        NOT NULL,
    vocabulary_version             VARCHAR(20)    NOT NULL
)
DISTSTYLE ALL;

-- Standardized vocabularies -------------------------------------------------

-- concept is joined to nearly every query and fits every node (a few
-- million rows).
CREATE TABLE cdm.concept (
    concept_id       INTEGER      NOT NULL,
    concept_name     VARCHAR(255) NOT NULL,
    domain_id        VARCHAR(20)  NOT NULL,
    vocabulary_id    VARCHAR(20)  NOT NULL,
    concept_class_id VARCHAR(20)  NOT NULL,
    standard_concept VARCHAR(1),
    concept_code     VARCHAR(50)  NOT NULL,
    valid_start_date DATE         NOT NULL,
    valid_end_date   DATE         NOT NULL,
    invalid_reason   VARCHAR(1)
)
DISTSTYLE ALL
SORTKEY (concept_id);

CREATE TABLE cdm.vocabulary (
    vocabulary_id         VARCHAR(20)  NOT NULL,
    vocabulary_name       VARCHAR(255) NOT NULL,
    vocabulary_reference  VARCHAR(255),
    vocabulary_version    VARCHAR(255),
    vocabulary_concept_id INTEGER      NOT NULL
)
DISTSTYLE ALL
SORTKEY (vocabulary_id);

CREATE TABLE cdm.domain (
    domain_id         VARCHAR(20)  NOT NULL,
    domain_name       VARCHAR(255) NOT NULL,
    domain_concept_id INTEGER      NOT NULL
)
DISTSTYLE ALL
SORTKEY (domain_id);

CREATE TABLE cdm.concept_class (
    concept_class_id         VARCHAR(20)  NOT NULL,
    concept_class_name       VARCHAR(255) NOT NULL,
    concept_class_concept_id INTEGER      NOT NULL
)
DISTSTYLE ALL
SORTKEY (concept_class_id);

CREATE TABLE cdm.concept_relationship (
    concept_id_1     INTEGER     NOT NULL,
    concept_id_2     INTEGER     NOT NULL,
    relationship_id  VARCHAR(20) NOT NULL,
    valid_start_date DATE        NOT NULL,
    valid_end_date   DATE        NOT NULL,
    invalid_reason   VARCHAR(1)
)
DISTKEY (concept_id_1)
COMPOUND SORTKEY (concept_id_1, relationship_id);

CREATE TABLE cdm.relationship (
    relationship_id         VARCHAR(20)  NOT NULL,
    relationship_name       VARCHAR(255) NOT NULL,
    is_hierarchical         VARCHAR(1)   NOT NULL,
    defines_ancestry        VARCHAR(1)   NOT NULL,
    reverse_relationship_id VARCHAR(20)  NOT NULL,
    relationship_concept_id INTEGER      NOT NULL
)
DISTSTYLE ALL
SORTKEY (relationship_id);

CREATE TABLE cdm.concept_synonym (
    concept_id           INTEGER       NOT NULL,
    concept_synonym_name VARCHAR(1000) NOT NULL,
    language_concept_id  INTEGER       NOT NULL
)
DISTKEY (concept_id)
SORTKEY (concept_id);

-- concept_ancestor is the largest vocabulary table; cohort queries look it
-- up by ancestor ("every descendant of this concept").
CREATE TABLE cdm.concept_ancestor (
    ancestor_concept_id      INTEGER NOT NULL,
    descendant_concept_id    INTEGER NOT NULL,
    min_levels_of_separation INTEGER NOT NULL,
    max_levels_of_separation INTEGER NOT NULL
)
DISTKEY (ancestor_concept_id)
COMPOUND SORTKEY (ancestor_concept_id, descendant_concept_id);

CREATE TABLE cdm.source_to_concept_map (
    source_code             VARCHAR(50)  NOT NULL,
    source_concept_id       INTEGER      NOT NULL,
    source_vocabulary_id    VARCHAR(20)  NOT NULL,
    source_code_description VARCHAR(255),
    target_concept_id       INTEGER      NOT NULL,
    target_vocabulary_id    VARCHAR(20)  NOT NULL,
    valid_start_date        DATE         NOT NULL,
    valid_end_date          DATE         NOT NULL,
    invalid_reason          VARCHAR(1)
)
DISTSTYLE ALL
COMPOUND SORTKEY (source_vocabulary_id, source_code);

CREATE TABLE cdm.drug_strength (
    drug_concept_id             INTEGER    NOT NULL,
    ingredient_concept_id       INTEGER    NOT NULL,
    amount_value                FLOAT,
    amount_unit_concept_id      INTEGER,
    numerator_value             FLOAT,
    numerator_unit_concept_id   INTEGER,
    denominator_value           FLOAT,
    denominator_unit_concept_id INTEGER,
    box_size                    INTEGER,
    valid_start_date            DATE       NOT NULL,
    valid_end_date              DATE       NOT NULL,
    invalid_reason              VARCHAR(1)
)
DISTKEY (drug_concept_id)
COMPOUND SORTKEY (drug_concept_id, ingredient_concept_id);

-- Cohorts ---------------------------------------------------------------------

CREATE TABLE cdm.cohort (
    cohort_definition_id INTEGER NOT NULL,
    subject_id           INTEGER NOT NULL,
    cohort_start_date    DATE    NOT NULL,
    cohort_end_date      DATE    NOT NULL
)
DISTKEY (subject_id)
COMPOUND SORTKEY (cohort_definition_id, subject_id);

CREATE TABLE cdm.cohort_definition (
    cohort_definition_id          INTEGER        NOT NULL,
    cohort_definition_name        VARCHAR(255)   NOT NULL,
    cohort_definition_description VARCHAR(65535),
    definition_type_concept_id    INTEGER        NOT NULL,
    cohort_definition_syntax      VARCHAR(65535),
    subject_concept_id            INTEGER        NOT NULL,
    cohort_initiation_date        DATE
)
DISTSTYLE ALL
SORTKEY (cohort_definition_id);
