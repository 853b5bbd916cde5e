import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { created, errorResponse, fakeApi, user } from '../../test/fakeApi';
import { hotel } from '../../test/fixtures';
import { setLocale } from '../i18n';
import SetupWizard from './SetupWizard.svelte';

const PHRASE = 'K7QM-2XPD-9FHT-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD-EFGH-JKLM-NPQR-7Q2C';

function type(testid: string, value: string) {
  return fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

function met(testid: string): boolean {
  return screen.getByTestId(testid).dataset.met === 'true';
}

async function fillHotel() {
  await type('setup-hotel-name', 'Harbour Inn');
  await fireEvent.change(screen.getByTestId('setup-time-zone'), { target: { value: 'Asia/Shanghai' } });
  await fireEvent.change(screen.getByTestId('setup-currency'), { target: { value: 'CNY' } });
  await fireEvent.click(screen.getByTestId('setup-next'));
}

async function fillAdmin(password = 'a long passphrase', confirm = password) {
  await type('setup-admin-username', 'alice');
  await type('setup-admin-display-name', 'Alice Chen');
  await type('setup-admin-email', 'alice@example.com');
  await type('setup-admin-password', password);
  await type('setup-admin-password-confirm', confirm);
}

describe('SetupWizard', () => {
  beforeEach(() => setLocale('en', null));
  afterEach(() => setLocale('en', null));

  it('preselects the browser time zone and offers the common currencies', () => {
    fakeApi({});
    render(SetupWizard, { ondone: () => {} });
    const zone = screen.getByTestId('setup-time-zone') as HTMLSelectElement;
    expect(zone.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zone.options.length).toBeGreaterThan(100);
    const values = [...(screen.getByTestId('setup-currency') as HTMLSelectElement).options].map((o) => o.value);
    for (const code of ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD', 'SGD', 'THB', 'AUD', 'other']) {
      expect(values).toContain(code);
    }
  });

  it('needs a hotel name and a valid currency before going on', async () => {
    fakeApi({});
    render(SetupWizard, { ondone: () => {} });
    await fireEvent.change(screen.getByTestId('setup-currency'), { target: { value: 'other' } });
    await type('setup-currency-other', 'us');
    await fireEvent.click(screen.getByTestId('setup-next'));
    expect(screen.getByText('Enter the name of the hotel.')).toBeTruthy();
    expect(screen.getByText('Choose a currency, or enter a three-letter ISO 4217 code.')).toBeTruthy();
    expect(screen.queryByTestId('setup-admin-username')).toBeNull();

    await type('setup-hotel-name', 'Harbour Inn');
    await type('setup-currency-other', 'mxn');
    await fireEvent.click(screen.getByTestId('setup-next'));
    expect(screen.getByTestId('setup-admin-username')).toBeTruthy();
    // The focus follows to the new step's heading.
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('Create the first administrator'));
  });

  it('shows the password rules live', async () => {
    fakeApi({});
    render(SetupWizard, { ondone: () => {} });
    await fillHotel();
    await type('setup-admin-username', 'alice.chen');
    expect(met('setup-password-hints-length')).toBe(false);

    await type('setup-admin-password', 'short');
    expect(met('setup-password-hints-length')).toBe(false);
    expect(met('setup-password-hints-username')).toBe(true);

    await type('setup-admin-password', 'alice.chen');
    expect(met('setup-password-hints-length')).toBe(true);
    expect(met('setup-password-hints-username')).toBe(false);

    await type('setup-admin-password', 'a long passphrase');
    await type('setup-admin-password-confirm', 'a long passphras');
    expect(met('setup-password-hints-username')).toBe(true);
    expect(met('setup-password-hints-match')).toBe(false);
    await type('setup-admin-password-confirm', 'a long passphrase');
    expect(met('setup-password-hints-match')).toBe(true);
  });

  it('does not submit a password that breaks the policy', async () => {
    const api = fakeApi({});
    render(SetupWizard, { ondone: () => {} });
    await fillHotel();
    await fillAdmin('alice', 'alice');
    await fireEvent.click(screen.getByTestId('setup-submit'));
    await fillAdmin('a long passphrase', 'another passphrase');
    await fireEvent.click(screen.getByTestId('setup-submit'));
    expect(api.calls).toHaveLength(0);
  });

  it('creates the hotel and the administrator, then gates Finish on the recovery acknowledgement', async () => {
    const ondone = vi.fn();
    const api = fakeApi({
      'POST /api/v1/setup': () => created('setup', { hotel: hotel({ id: 'h1' }), user: user({ id: 'u1' }), recovery_phrase: PHRASE }),
    });
    render(SetupWizard, { ondone });
    await fillHotel();
    await fillAdmin();
    await fireEvent.click(screen.getByTestId('setup-submit'));

    const phrase = await screen.findByTestId('setup-recovery-phrase');
    expect(phrase.textContent).toBe(PHRASE);
    const [req] = api.find('POST /api/v1/setup');
    expect(req?.body).toEqual({
      hotel: { name: 'Harbour Inn', time_zone: 'Asia/Shanghai', currency: 'CNY' },
      admin: { username: 'alice', display_name: 'Alice Chen', email: 'alice@example.com', password: 'a long passphrase' },
    });
    expect(req?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);

    const finish = screen.getByTestId('setup-finish') as HTMLButtonElement;
    expect(finish.disabled).toBe(true);
    await fireEvent.click(finish);
    expect(ondone).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('setup-recovery-ack'));
    expect(finish.disabled).toBe(false);
    await fireEvent.click(finish);
    expect(ondone).toHaveBeenCalledWith('alice');
  });

  it('shows the server message when setup is refused', async () => {
    fakeApi({ 'POST /api/v1/setup': () => errorResponse(400, 'invalid', 'password is too common') });
    render(SetupWizard, { ondone: () => {} });
    await fillHotel();
    await fillAdmin('password123', 'password123');
    await fireEvent.click(screen.getByTestId('setup-submit'));
    expect((await screen.findByTestId('setup-error')).textContent).toContain('password is too common');
    expect(screen.queryByTestId('setup-recovery-phrase')).toBeNull();
  });

  it('speaks Chinese', async () => {
    setLocale('zh-CN', null);
    fakeApi({});
    render(SetupWizard, { ondone: () => {} });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('初始设置');
    expect(screen.getByTestId('setup-step').textContent).toBe('第 1 步，共 3 步');
  });
});
