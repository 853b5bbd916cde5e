import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { ApiError, ClientErrorCode } from './client';
import { errorText } from './errors';

const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);
const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);

describe('errorText', () => {
  it("shows the server's message as it came, with or without a key", () => {
    expect(errorText(new ApiError(409, 'conflict', 'room 101 is taken on 2026-12-01'), en)).toBe('room 101 is taken on 2026-12-01');
    const keyed = new ApiError(409, 'conflict', '101 房间 2026-12-01 已被占用', { key: 'room.taken', params: { room: '101' } });
    expect(errorText(keyed, zh)).toBe('101 房间 2026-12-01 已被占用');
  });

  it('says in the UI language that there was no answer, or no JSON', () => {
    expect(errorText(new ApiError(0, ClientErrorCode.Network, 'Failed to fetch'), en)).toBe(translate('en', 'error.network'));
    expect(errorText(new ApiError(0, ClientErrorCode.Network, 'Failed to fetch'), zh)).toBe(translate('zh-CN', 'error.network'));
    expect(errorText(new ApiError(200, ClientErrorCode.InvalidResponse, 'invalid JSON'), en)).toBe(translate('en', 'error.invalidResponse'));
  });

  it('shows other errors by their message', () => {
    expect(errorText(new Error('boom'), en)).toBe('boom');
    expect(errorText('plain', en)).toBe('plain');
  });
});
