import { useQuery } from '@tanstack/react-query';
import { remediationApi, remediationKeys } from '../api/remediation';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';
import { MyTasksList } from './my-tasks-list';
import './remediation.css';

/** Remediation items you own or deputise, in every organisation, soonest due first. */
export function MyTasksPage() {
  const { me } = useSession();
  const tasks = useQuery({ queryKey: remediationKeys.mine, queryFn: remediationApi.mine });
  const list = tasks.data?.items ?? [];
  return (
    <Page id="my-tasks" title="My tasks" intro="Remediation items you own or deputise that still need work.">
      {tasks.isPending ? <Loading /> : null}
      <ErrorAlert error={tasks.error} title="Your tasks could not be loaded" />
      {tasks.isSuccess && !list.length ? <p>Nothing to do right now.</p> : null}
      {me ? <MyTasksList items={list} me={me} label="My tasks" /> : null}
    </Page>
  );
}
