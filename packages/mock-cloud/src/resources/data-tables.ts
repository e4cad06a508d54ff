/**
 * The store tables of the data group (variables, stream filters and their parts, stream aliases and taps,
 * generated reports, S3 files) and their fixture sections (`table-sections.ts` lists them). Each section
 * holds objects as the API shows them, keyed the way the server looks them up.
 */
import { uuidFrom } from '../serializers.js';
import { isUuid, normaliseVariableSlug, tryParse } from '../slugs.js';
import type { TableSection } from '../table-sections.js';

export const VARIABLES = 'variables';
export const STREAM_FILTERS = 'stream_filters';
export const FILTER_STATES = 'filter_states';
export const FILTER_TRANSITIONS = 'filter_transitions';
export const FILTER_TRIGGERS = 'filter_triggers';
export const FILTER_ACTIONS = 'filter_actions';
export const STREAM_ALIASES = 'stream_aliases';
export const STREAM_ALIAS_TAPS = 'stream_alias_taps';
export const GENERATED_REPORTS = 'generated_reports';
/** S3 file records (note attachments, report index files) by UUID: the server keeps their ids unique. */
export const S3_FILES = 's3files';

/** Fixture section name -> table, for the data group. */
export const DATA_SECTIONS: Readonly<Record<string, TableSection>> = {
  variables: {
    table: VARIABLES,
    key: (item) => {
      const slug =
        typeof item.slug === 'string' ? tryParse(() => normaliseVariableSlug(item.slug as string)) : null;
      if (slug === null) {
        return { error: 'missing "slug" (a variable slug, v--<project>--<local id>)' };
      }
      item.slug = slug;
      item.id ??= uuidFrom(`variable:${slug}`);
      return slug;
    },
  },
  stream_filters: { table: STREAM_FILTERS, key: 'id' },
  filter_states: { table: FILTER_STATES, key: 'id' },
  filter_transitions: {
    table: FILTER_TRANSITIONS,
    key: (item) => {
      if (item.id !== undefined && !(typeof item.id === 'string' && isUuid(item.id))) {
        return { error: '"id" must be a UUID' };
      }
      const id =
        typeof item.id === 'string' ? item.id.toLowerCase() : uuidFrom(`transition:${JSON.stringify(item)}`);
      item.id = id;
      return id;
    },
  },
  filter_triggers: { table: FILTER_TRIGGERS, key: 'id' },
  filter_actions: { table: FILTER_ACTIONS, key: 'id' },
  stream_aliases: { table: STREAM_ALIASES, key: 'id' },
  stream_alias_taps: { table: STREAM_ALIAS_TAPS, key: 'id' },
  generated_reports: {
    table: GENERATED_REPORTS,
    key: (item) => {
      if (item.id !== undefined && !(typeof item.id === 'string' && isUuid(item.id))) {
        return { error: '"id" must be a UUID' };
      }
      const id =
        typeof item.id === 'string' ? item.id.toLowerCase() : uuidFrom(`report:${JSON.stringify(item)}`);
      item.id = id;
      return id;
    },
  },
};
