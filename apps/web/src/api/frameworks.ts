import type { FrameworkListView, FrameworkVersionView } from '@aup/contracts';
import { api } from './http-client';

const enc = encodeURIComponent;

export const frameworkKeys = {
  latest: ['frameworks', 'latest'] as const,
};

export const frameworksApi = {
  list: () => api.get<FrameworkListView>('/frameworks'),
  version: (id: string, version: string) =>
    api.get<FrameworkVersionView>(`/frameworks/${enc(id)}/versions/${enc(version)}`),
  /** The version a new audit would use, whose profile definition the organisation profile follows. */
  latest: async () => {
    const { items } = await frameworksApi.list();
    if (!items.length) throw new Error('No framework is installed.');
    return frameworksApi.version(items[0].id, items[0].latestVersion);
  },
};
