// What a Svelte app adds once: the crm-* tags typed in markup.
import type {} from 'crm-widgets/svelte';
