/** `/data/`: data points of the streams a `filter` selects, Large pages, with the value filters. */
import { streamedPage } from '../json-page.js';
import { LARGE, pageWindow } from '../pagination.js';
import type { PointSource } from '../points.js';
import type { Router } from '../router.js';
import { select } from '../selection.js';
import { dataPointJson, type SlugFields, slugFields } from '../serializers.js';
import { SecondsZFormatter } from '../timestamps.js';
import { selectedDataStreams, valueFilters } from './filters.js';

export function dataRoutes(router: Router): void {
  router.add('/data/', {
    GET: (req, env) => {
      const filters = valueFilters(req);
      const inputs = selectedDataStreams(env, req.query.get('filter')).map((slug) => ({
        slug,
        source: env.store.pointsOf(slug) as PointSource,
      }));
      const selection = select(inputs, { ...filters, order: 'streamer' });
      const window = pageWindow(req, selection.count, LARGE);
      const fields = new Map<string, SlugFields>();
      const times = new SecondsZFormatter();
      return streamedPage(window, selection.rows(window.start, window.end), (row) => {
        let f = fields.get(row.slug);
        if (!f) {
          f = slugFields(row.slug);
          fields.set(row.slug, f);
        }
        return dataPointJson(row.point, f, times);
      });
    },
  });
}
