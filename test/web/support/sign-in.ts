import type { Browser, Page } from 'playwright-core';
import type { SignedUp } from '../../support/auth';
import { newPerson, waitForPage } from './browser';

/** A fresh browser context signed in as `person` through the sign-in page, landing on `path`. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  person: SignedUp,
  path: string,
  readyId: string,
): Promise<Page> {
  const { page } = await newPerson(browser, baseUrl);
  await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await waitForPage(page, 'sign-in');
  await page.getByLabel('Work e-mail').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForPage(page, readyId);
  return page;
}
