-- Tables of the Quartz.NET 4.7 ADO job store (prefix qrtz_) and of our job wrapper, for PostgreSQL.
-- Run at every start inside one transaction that first takes an advisory lock, so instances starting together
-- do not race on "create ... if not exists". Unquoted names fold to lower case, which is what Quartz asks for.
-- Quartz validates this layout at start-up and refuses to start when a table or a 4.x column is missing.

create table if not exists qrtz_job_details (
  sched_name text not null,
  job_name text not null,
  job_group text not null,
  description text null,
  job_class_name text not null,
  is_durable boolean not null,
  is_nonconcurrent boolean not null,
  is_update_data boolean not null,
  requests_recovery boolean not null,
  job_data bytea null,
  primary key (sched_name, job_name, job_group)
);

create table if not exists qrtz_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  job_name text not null,
  job_group text not null,
  description text null,
  next_fire_time bigint null,
  prev_fire_time bigint null,
  priority integer null,
  trigger_state text not null,
  trigger_type text not null,
  start_time bigint not null,
  end_time bigint null,
  calendar_name text null,
  misfire_instr smallint null,
  misfire_orig_fire_time bigint null,
  execution_group text null,
  preferred_node text null,
  preferred_node_auto boolean not null default false,
  retry_policy text null,
  retry_attempt integer null,
  continues_trigger_name text null,
  continues_trigger_group text null,
  continuation_condition integer null,
  overlap_policy integer null,
  pause_reason text null,
  paused_by text null,
  paused_at bigint null,
  misfire_threshold bigint null,
  fixed_delay boolean null,
  job_data bytea null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, job_name, job_group) references qrtz_job_details (sched_name, job_name, job_group)
);

-- One row per trigger in the table of its kind; the foreign keys delete it with its trigger.
create table if not exists qrtz_simple_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  repeat_count bigint not null,
  repeat_interval bigint not null,
  times_triggered bigint not null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists qrtz_cron_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  cron_expression text not null,
  time_zone_id text null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists qrtz_simprop_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  str_prop_1 text null,
  str_prop_2 text null,
  str_prop_3 text null,
  int_prop_1 integer null,
  int_prop_2 integer null,
  long_prop_1 bigint null,
  long_prop_2 bigint null,
  dec_prop_1 numeric null,
  dec_prop_2 numeric null,
  bool_prop_1 boolean null,
  bool_prop_2 boolean null,
  time_zone_id text null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists qrtz_blob_triggers (
  sched_name text not null,
  trigger_name text not null,
  trigger_group text not null,
  blob_data bytea null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists qrtz_calendars (
  sched_name text not null,
  calendar_name text not null,
  calendar bytea not null,
  primary key (sched_name, calendar_name)
);

create table if not exists qrtz_paused_trigger_grps (
  sched_name text not null,
  trigger_group text not null,
  pause_reason text null,
  paused_by text null,
  paused_at bigint null,
  primary key (sched_name, trigger_group)
);

create table if not exists qrtz_paused_job_grps (
  sched_name text not null,
  job_group text not null,
  pause_reason text null,
  paused_by text null,
  paused_at bigint null,
  primary key (sched_name, job_group)
);

create table if not exists qrtz_fired_triggers (
  sched_name text not null,
  entry_id text not null,
  trigger_name text not null,
  trigger_group text not null,
  instance_name text not null,
  fired_time bigint not null,
  sched_time bigint not null,
  priority integer not null,
  state text not null,
  job_name text null,
  job_group text null,
  is_nonconcurrent boolean null,
  requests_recovery boolean null,
  execution_group text null,
  progress integer null,
  progress_message text null,
  interrupt_requested_time bigint null,
  primary key (sched_name, entry_id)
);

create table if not exists qrtz_scheduler_state (
  sched_name text not null,
  instance_name text not null,
  last_checkin_time bigint not null,
  checkin_interval bigint not null,
  quartz_version text null,
  primary key (sched_name, instance_name)
);

create table if not exists qrtz_locks (
  sched_name text not null,
  lock_name text not null,
  primary key (sched_name, lock_name)
);

-- Acquisition reads waiting triggers by next fire time; recovery and the concurrency check read fired triggers.
create index if not exists idx_qrtz_t_nft_st on qrtz_triggers (sched_name, trigger_state, next_fire_time asc, priority desc, misfire_instr);
create index if not exists idx_qrtz_t_j on qrtz_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_t_g_n on qrtz_triggers (sched_name, trigger_group, trigger_name);
create index if not exists idx_qrtz_t_c on qrtz_triggers (sched_name, calendar_name);
create index if not exists idx_qrtz_j_g_n on qrtz_job_details (sched_name, job_group, job_name);
create index if not exists idx_qrtz_ft_inst_job_req_rcvry on qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
create index if not exists idx_qrtz_ft_j_g on qrtz_fired_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_ft_t_g on qrtz_fired_triggers (sched_name, trigger_name, trigger_group);

-- Our wrapper: the periods each job has completed, so a second run for the same period does nothing.
create table if not exists job_periods (
  job_name text not null,
  period_key text not null,
  completed_at timestamptz not null,
  primary key (job_name, period_key)
);

create index if not exists ix_job_periods_completed_at on job_periods (completed_at);

-- Our wrapper: each job's last success and last failure, for the lab team's status card. The failure keeps the
-- incident id and exception type only: an exception's message may quote personal data.
create table if not exists job_status (
  job_name text not null primary key,
  last_success_at timestamptz null,
  last_success_period text null,
  last_failure_at timestamptz null,
  last_failure_period text null,
  last_failure_incident text null,
  last_failure_type text null
);
