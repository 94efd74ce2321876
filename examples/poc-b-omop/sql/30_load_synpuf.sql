-- Loads the SynPUF data set (CMS's synthetic Medicare claims, 2008-2010,
-- converted to the OMOP CDM) from the project's data-in bucket into the
-- tables of 10_create_tables.sql. Load the vocabularies first
-- (20_load_vocabulary.sql): the data's concept ids refer to them.
--
-- The files this script reads: one per table, synpuf/<table>.csv.gz in
-- data-in, gzipped, tab-delimited, CSV quoting, one header row, in the
-- column order of the list each COPY names (the CDM v5.4 order of
-- 10_create_tables.sql). SynPUF's public OMOP releases were built for older
-- CDM versions (v5.0 to v5.3), whose tables lack some v5.4 columns or name
-- them differently: bring each file to this layout before uploading (add the
-- missing columns empty), or edit that table's column list here to the
-- file's own order; the columns left out of a list load as NULL. A file
-- whose fields do not match its list makes that COPY fail (nothing of the
-- table is loaded) instead of loading shifted columns.
--
-- Run on a worker, as 20_load_vocabulary.sql:
--   psql "<connection>" -v ON_ERROR_STOP=1 -v data_in=s3://<pit>-data-in-<account>-<region>/ \
--        -v warehouse_role_arn=<the warehouse's COPY/UNLOAD role ARN> -f 30_load_synpuf.sql
--
-- COPY reads as the warehouse's IAM role, never with access keys, through
-- the project's S3 endpoint (enhanced VPC routing). Dates and timestamps
-- are recognised in any common format (DATEFORMAT/TIMEFORMAT 'auto');
-- empty fields load as NULL.

\set ON_ERROR_STOP on

\set src :data_in 'synpuf/location.csv.gz'
COPY cdm.location (
    location_id, address_1, address_2, city, state, zip, county, location_source_value,
    country_concept_id, country_source_value, latitude, longitude
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/care_site.csv.gz'
COPY cdm.care_site (
    care_site_id, care_site_name, place_of_service_concept_id, location_id,
    care_site_source_value, place_of_service_source_value
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/provider.csv.gz'
COPY cdm.provider (
    provider_id, provider_name, npi, dea, specialty_concept_id, care_site_id,
    year_of_birth, gender_concept_id, provider_source_value, specialty_source_value,
    specialty_source_concept_id, gender_source_value, gender_source_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/person.csv.gz'
COPY cdm.person (
    person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth,
    birth_datetime, race_concept_id, ethnicity_concept_id, location_id, provider_id,
    care_site_id, person_source_value, gender_source_value, gender_source_concept_id,
    race_source_value, race_source_concept_id, ethnicity_source_value,
    ethnicity_source_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/observation_period.csv.gz'
COPY cdm.observation_period (
    observation_period_id, person_id, observation_period_start_date,
    observation_period_end_date, period_type_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/visit_occurrence.csv.gz'
COPY cdm.visit_occurrence (
    visit_occurrence_id, person_id, visit_concept_id, visit_start_date,
    visit_start_datetime, visit_end_date, visit_end_datetime, visit_type_concept_id,
    provider_id, care_site_id, visit_source_value, visit_source_concept_id,
    admitted_from_concept_id, admitted_from_source_value, discharged_to_concept_id,
    discharged_to_source_value, preceding_visit_occurrence_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/condition_occurrence.csv.gz'
COPY cdm.condition_occurrence (
    condition_occurrence_id, person_id, condition_concept_id, condition_start_date,
    condition_start_datetime, condition_end_date, condition_end_datetime,
    condition_type_concept_id, condition_status_concept_id, stop_reason, provider_id,
    visit_occurrence_id, visit_detail_id, condition_source_value,
    condition_source_concept_id, condition_status_source_value
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/drug_exposure.csv.gz'
COPY cdm.drug_exposure (
    drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date,
    drug_exposure_start_datetime, drug_exposure_end_date, drug_exposure_end_datetime,
    verbatim_end_date, drug_type_concept_id, stop_reason, refills, quantity,
    days_supply, sig, route_concept_id, lot_number, provider_id, visit_occurrence_id,
    visit_detail_id, drug_source_value, drug_source_concept_id, route_source_value,
    dose_unit_source_value
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/procedure_occurrence.csv.gz'
COPY cdm.procedure_occurrence (
    procedure_occurrence_id, person_id, procedure_concept_id, procedure_date,
    procedure_datetime, procedure_end_date, procedure_end_datetime,
    procedure_type_concept_id, modifier_concept_id, quantity, provider_id,
    visit_occurrence_id, visit_detail_id, procedure_source_value,
    procedure_source_concept_id, modifier_source_value
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/device_exposure.csv.gz'
COPY cdm.device_exposure (
    device_exposure_id, person_id, device_concept_id, device_exposure_start_date,
    device_exposure_start_datetime, device_exposure_end_date,
    device_exposure_end_datetime, device_type_concept_id, unique_device_id,
    production_id, quantity, provider_id, visit_occurrence_id, visit_detail_id,
    device_source_value, device_source_concept_id, unit_concept_id, unit_source_value,
    unit_source_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/measurement.csv.gz'
COPY cdm.measurement (
    measurement_id, person_id, measurement_concept_id, measurement_date,
    measurement_datetime, measurement_time, measurement_type_concept_id,
    operator_concept_id, value_as_number, value_as_concept_id, unit_concept_id,
    range_low, range_high, provider_id, visit_occurrence_id, visit_detail_id,
    measurement_source_value, measurement_source_concept_id, unit_source_value,
    unit_source_concept_id, value_source_value, measurement_event_id,
    meas_event_field_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/observation.csv.gz'
COPY cdm.observation (
    observation_id, person_id, observation_concept_id, observation_date,
    observation_datetime, observation_type_concept_id, value_as_number,
    value_as_string, value_as_concept_id, qualifier_concept_id, unit_concept_id,
    provider_id, visit_occurrence_id, visit_detail_id, observation_source_value,
    observation_source_concept_id, unit_source_value, qualifier_source_value,
    value_source_value, observation_event_id, obs_event_field_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/death.csv.gz'
COPY cdm.death (
    person_id, death_date, death_datetime, death_type_concept_id, cause_concept_id,
    cause_source_value, cause_source_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/payer_plan_period.csv.gz'
COPY cdm.payer_plan_period (
    payer_plan_period_id, person_id, payer_plan_period_start_date,
    payer_plan_period_end_date, payer_concept_id, payer_source_value,
    payer_source_concept_id, plan_concept_id, plan_source_value,
    plan_source_concept_id, sponsor_concept_id, sponsor_source_value,
    sponsor_source_concept_id, family_source_value, stop_reason_concept_id,
    stop_reason_source_value, stop_reason_source_concept_id
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/cost.csv.gz'
COPY cdm.cost (
    cost_id, cost_event_id, cost_domain_id, cost_type_concept_id, currency_concept_id,
    total_charge, total_cost, total_paid, paid_by_payer, paid_by_patient,
    paid_patient_copay, paid_patient_coinsurance, paid_patient_deductible,
    paid_by_primary, paid_ingredient_cost, paid_dispensing_fee, payer_plan_period_id,
    amount_allowed, revenue_code_concept_id, revenue_code_source_value, drg_concept_id,
    drg_source_value
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/drug_era.csv.gz'
COPY cdm.drug_era (
    drug_era_id, person_id, drug_concept_id, drug_era_start_date, drug_era_end_date,
    drug_exposure_count, gap_days
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;

\set src :data_in 'synpuf/condition_era.csv.gz'
COPY cdm.condition_era (
    condition_era_id, person_id, condition_concept_id, condition_era_start_date,
    condition_era_end_date, condition_occurrence_count
)
FROM :'src'
IAM_ROLE :'warehouse_role_arn'
FORMAT AS CSV
DELIMITER '\t'
IGNOREHEADER 1
GZIP
DATEFORMAT 'auto'
TIMEFORMAT 'auto'
EMPTYASNULL;
