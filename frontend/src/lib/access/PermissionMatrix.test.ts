import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import PermissionMatrix from './PermissionMatrix.svelte';

const modules = ['hotels', 'rooms', 'users'];
const operations = ['view', 'create', 'update'];

function checked(testid: string): boolean {
  return (screen.getByTestId(testid) as HTMLInputElement).checked;
}

function ticked(): string[] {
  return modules.flatMap((m) => operations.filter((o) => checked(`perm-${m}-${o}`)).map((o) => `${m}.${o}`));
}

describe('PermissionMatrix', () => {
  beforeEach(() => setLocale('en', null));

  it('shows the granted permissions', () => {
    render(PermissionMatrix, { modules, operations, permissions: ['rooms.view', 'users.update'], caption: 'c' });
    expect(ticked()).toEqual(['rooms.view', 'users.update']);
    expect(screen.getByTestId('perm-row-rooms').querySelector('th')?.textContent?.trim()).toBe('Rooms');
  });

  it('toggles rows, columns and cells', async () => {
    render(PermissionMatrix, { modules, operations, permissions: ['rooms.view'], caption: 'c' });
    const row = screen.getByTestId('perm-row-toggle-rooms') as HTMLInputElement;
    expect(row.indeterminate).toBe(true);

    await fireEvent.click(row);
    expect(ticked()).toEqual(['rooms.view', 'rooms.create', 'rooms.update']);
    expect(row.checked).toBe(true);
    expect(row.indeterminate).toBe(false);

    await fireEvent.click(screen.getByTestId('perm-col-view'));
    expect(ticked()).toEqual(['hotels.view', 'rooms.view', 'rooms.create', 'rooms.update', 'users.view']);
    expect(checked('perm-col-view')).toBe(true);

    await fireEvent.click(screen.getByTestId('perm-col-view'));
    expect(ticked()).toEqual(['rooms.create', 'rooms.update']);

    await fireEvent.click(screen.getByTestId('perm-users-update'));
    await fireEvent.click(screen.getByTestId('perm-rooms-create'));
    expect(ticked()).toEqual(['rooms.update', 'users.update']);
    expect((screen.getByTestId('perm-col-update') as HTMLInputElement).indeterminate).toBe(true);

    await fireEvent.click(screen.getByTestId('perm-row-toggle-rooms'));
    expect(ticked()).toEqual(['rooms.view', 'rooms.create', 'rooms.update', 'users.update']);
    await fireEvent.click(screen.getByTestId('perm-row-toggle-rooms'));
    expect(ticked()).toEqual(['users.update']);
  });

  it('is read-only for built-in roles', () => {
    render(PermissionMatrix, { modules, operations, permissions: ['hotels.view'], readonly: true, caption: 'c' });
    expect((screen.getByTestId('perm-hotels-view') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByTestId('perm-row-toggle-hotels')).toBeNull();
    expect(screen.queryByTestId('perm-col-view')).toBeNull();
  });

  it('names every checkbox for screen readers, in Chinese too', () => {
    setLocale('zh-CN', null);
    render(PermissionMatrix, { modules, operations, permissions: [], caption: 'c' });
    expect(screen.getByTestId('perm-users-create').getAttribute('aria-label')).toBe('用户：新建');
    expect(screen.getByTestId('perm-row-toggle-rooms').getAttribute('aria-label')).toBe('客房的全部操作');
    setLocale('en', null);
  });
});
