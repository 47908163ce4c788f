{{/* The chart name, or nameOverride. */}}
{{- define "promptly.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-promptly unless the release name already says it; fullnameOverride wins. */}}
{{- define "promptly.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's resources; takes (dict "root" $ "component" "api"). */}}
{{- define "promptly.componentName" -}}
{{- printf "%s-%s" (include "promptly.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{- define "promptly.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of a component; never change them, Deployments' selectors are immutable. */}}
{{- define "promptly.selectorLabels" -}}
app.kubernetes.io/name: {{ include "promptly.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Standard labels of a component's resources; takes (dict "root" $ "component" "api"). */}}
{{- define "promptly.labels" -}}
helm.sh/chart: {{ include "promptly.chart" .root }}
{{ include "promptly.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: promptly
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "promptly.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "promptly.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference; takes (dict "root" $ "image" .Values.api.image). */}}
{{- define "promptly.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- with .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .) $.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/* Connection settings both services read: the body of a ConfigMap's data. */}}
{{- define "promptly.connectionConfig" -}}
{{- $direct := .Values.postgresql.directUrl }}
{{- if .Values.pgbouncer.enabled }}
{{- $direct = .Values.postgresql.url }}
PROMPTLY_DB_URL: {{ include "promptly.pgbouncerUrl" . | quote }}
{{- else }}
PROMPTLY_DB_URL: {{ .Values.postgresql.url | quote }}
{{- end }}
{{- with $direct }}
PROMPTLY_NOTIFICATIONS_DIRECT_URL: {{ . | quote }}
SPRING_FLYWAY_URL: {{ . | quote }}
{{- end }}
PROMPTLY_DB_USER: {{ .Values.postgresql.user | quote }}
PROMPTLY_RABBIT_HOST: {{ .Values.rabbitmq.host | quote }}
PROMPTLY_RABBIT_PORT: {{ .Values.rabbitmq.port | quote }}
{{- with .Values.rabbitmq.addresses }}
SPRING_RABBITMQ_ADDRESSES: {{ . | quote }}
{{- end }}
PROMPTLY_MESSAGING_QUEUE_TYPE: {{ .Values.rabbitmq.queueType | quote }}
PROMPTLY_RABBIT_USER: {{ .Values.rabbitmq.user | quote }}
PROMPTLY_RABBIT_VHOST: {{ .Values.rabbitmq.vhost | quote }}
PROMPTLY_REDIS_HOST: {{ .Values.redis.host | quote }}
PROMPTLY_REDIS_PORT: {{ .Values.redis.port | quote }}
{{- if .Values.redis.ssl }}
SPRING_DATA_REDIS_SSL_ENABLED: "true"
{{- end }}
{{- with .Values.redis.sentinel.master }}
SPRING_DATA_REDIS_SENTINEL_MASTER: {{ . | quote }}
SPRING_DATA_REDIS_SENTINEL_NODES: {{ required "redis.sentinel.nodes is required with redis.sentinel.master" $.Values.redis.sentinel.nodes | quote }}
{{- end }}
PROMPTLY_REDIS_KEY_PREFIX: {{ .Values.redis.keyPrefix | quote }}
{{- end }}

{{/* A URL to the chart's PgBouncer, prepared statements off; TLS is PgBouncer's to Postgres. */}}
{{- define "promptly.pgbouncerUrl" -}}
{{- $url := urlParse (trimPrefix "jdbc:" .Values.postgresql.url) }}
{{- printf "jdbc:postgresql://%s:5432%s?prepareThreshold=0" (include "promptly.componentName" (dict "root" . "component" "pgbouncer")) $url.path }}
{{- end }}

{{/* The upstream of the chart's PgBouncer, from postgresql.url: host, port and database. */}}
{{- define "promptly.pgbouncerUpstream" -}}
{{- $url := urlParse (trimPrefix "jdbc:" .Values.postgresql.url) }}
{{- $hostPort := splitList ":" $url.host }}
host: {{ first $hostPort | quote }}
port: {{ (ternary (last $hostPort) "5432" (eq (len $hostPort) 2)) | quote }}
database: {{ trimPrefix "/" $url.path | quote }}
sslmode: {{ regexFind "sslmode=[a-z-]+" ($url.query | default "") | trimPrefix "sslmode=" | quote }}
{{- end }}

{{/* Logging and tracing, the same for API and workers: ConfigMap entries. */}}
{{- define "promptly.observabilityConfig" -}}
PROMPTLY_LOG_FORMAT: {{ .Values.observability.logFormat | quote }}
PROMPTLY_TRACING_SAMPLING: {{ .Values.observability.tracing.samplingProbability | quote }}
{{- with .Values.observability.tracing.otlpEndpoint }}
MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Passwords, read from the existing Secrets named in the values: container env entries. */}}
{{- define "promptly.connectionSecretEnv" -}}
{{- with .Values.postgresql.existingSecret }}
- name: PROMPTLY_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.postgresql.passwordKey }}
{{- end }}
{{- with .Values.rabbitmq.existingSecret }}
- name: PROMPTLY_RABBIT_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.rabbitmq.passwordKey }}
{{- end }}
{{- with .Values.redis.existingSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.redis.passwordKey }}
{{- end }}
{{- end }}

{{/* The JVM only writes to /tmp; the root filesystem is read-only. */}}
{{- define "promptly.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "promptly.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{/* Pod annotations shared by the Deployments; takes (dict "root" $ "port" 8080 "extra" map). */}}
{{- define "promptly.podAnnotations" -}}
{{- if .root.Values.metrics.scrapeAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/path: /actuator/prometheus
prometheus.io/port: {{ .port | quote }}
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Where the workers send model calls. */}}
{{- define "promptly.llmBaseUrl" -}}
{{- if .Values.emulator.enabled }}
{{- printf "http://%s:8090/v1" (include "promptly.componentName" (dict "root" . "component" "emulator")) }}
{{- else }}
{{- .Values.llm.baseUrl }}
{{- end }}
{{- end }}

{{/*
The worker's pod-level grace: the preStop pause, then the shutdown grace for in-flight jobs, then
30 s for Spring to close the rest. Refuses a shutdown grace shorter than the LLM timeout.
*/}}
{{- define "promptly.worker.terminationGracePeriodSeconds" -}}
{{- $w := .Values.worker }}
{{- if lt (int $w.shutdownGraceSeconds) (int $w.llmTimeoutSeconds) }}
{{- fail (printf "worker.shutdownGraceSeconds (%v) must be at least worker.llmTimeoutSeconds (%v): a job running that long would be cut at every rollout" $w.shutdownGraceSeconds $w.llmTimeoutSeconds) }}
{{- end }}
{{- add $w.preStopSleepSeconds $w.shutdownGraceSeconds 30 }}
{{- end }}

{{/* "keda", "hpa" (the fallback) or "" (fixed replicas): how the worker Deployment is scaled. */}}
{{- define "promptly.worker.scaling" -}}
{{- if .Values.worker.autoscaling.keda.enabled }}keda
{{- else if .Values.worker.autoscaling.enabled }}hpa
{{- end }}
{{- end }}

{{/* The API's secret env entries: passwords and the admin key. */}}
{{- define "promptly.api.secretEnv" -}}
{{- include "promptly.connectionSecretEnv" . }}
{{- with .Values.secrets.existingSecret }}
- name: PROMPTLY_ADMIN_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.secrets.adminApiKeyKey }}
{{- end }}
{{- end }}

{{/* The worker's secret env entries: passwords and the provider key. Without a provider key the
worker must get no OPENAI_API_KEY at all: an empty one fails its validation. */}}
{{- define "promptly.worker.secretEnv" -}}
{{- include "promptly.connectionSecretEnv" . }}
{{- if and .Values.secrets.existingSecret (not .Values.emulator.enabled) }}
- name: OPENAI_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.existingSecret }}
      key: {{ .Values.secrets.openaiApiKeyKey }}
{{- end }}
{{- end }}
