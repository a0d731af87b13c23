// What a Vue app adds once: the crm-* tags as typed global components.
import type {} from 'crm-widgets/vue';
