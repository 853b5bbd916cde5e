// The session: which screen the app is on (setup, sign-in, forced password
// change, the app itself), who is signed in and what they may do.

import { getContext, setContext } from 'svelte';
import { get, writable, type Readable } from 'svelte/store';
import { getMe, getMyPermissions, getSetup, signOut as apiSignOut, type HotelScope, type Me, type SignIn } from './api/access';
import { ApiError, ClientErrorCode, clearCredentials, onAuthEvent, setCredentials } from './api/client';

/** Phase is the screen the app shows. */
export type Phase = 'loading' | 'unreachable' | 'setup' | 'login' | 'change-password' | 'ready';

/** Notice is a message the sign-in screen shows about how the user got there. */
export type Notice = 'session-ended' | 'signed-out' | 'setup-done' | null;

export interface SessionState {
  phase: Phase;
  me: Me | null;
  permissions: ReadonlySet<string>;
  hotels: HotelScope;
  notice: Notice;
  /** A username to prefill on the sign-in screen. */
  loginName: string;
  /** Why the service could not be reached (phase "unreachable"). */
  error: ApiError | null;
}

const initial: SessionState = {
  phase: 'loading',
  me: null,
  permissions: new Set(),
  hotels: [],
  notice: null,
  loginName: '',
  error: null,
};

/** Session holds the state and the transitions between screens. */
export interface Session extends Readable<SessionState> {
  /** boot decides the first screen: setup, sign-in, password change or the app. */
  boot(): Promise<void>;
  /** signedIn takes the answer of POST /api/v1/sessions. */
  signedIn(result: SignIn): Promise<void>;
  /** passwordChanged reloads the user after PUT /api/v1/me/password. */
  passwordChanged(): Promise<void>;
  /** setupDone goes to the sign-in screen with the administrator's name. */
  setupDone(username: string): void;
  /** signOut ends the session on the server and shows the sign-in screen. */
  signOut(): Promise<void>;
  /** ended shows the sign-in screen with the "session ended" notice. */
  ended(): void;
  /** can reports whether the user holds every one of perms. */
  can(...perms: string[]): boolean;
  /** listen reacts to 401s and "change your password first"; returns the unsubscriber. */
  listen(): () => void;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, ClientErrorCode.Network, String(err));
}

/** createSession returns a session in the "loading" phase. */
export function createSession(): Session {
  const store = writable<SessionState>({ ...initial });
  const set = (patch: Partial<SessionState>) => store.update((s) => ({ ...s, ...patch }));

  function toLogin(notice: Notice, loginName = get(store).loginName) {
    clearCredentials();
    set({ phase: 'login', me: null, permissions: new Set(), hotels: [], notice, loginName, error: null });
  }

  async function enter(me: Me): Promise<void> {
    if (me.must_change_password) {
      set({ phase: 'change-password', me, notice: null, error: null });
      return;
    }
    const perms = await getMyPermissions();
    set({
      phase: 'ready',
      me,
      permissions: new Set(perms.permissions),
      hotels: perms.hotels,
      notice: null,
      error: null,
    });
  }

  async function boot(): Promise<void> {
    set({ phase: 'loading', error: null });
    try {
      const setup = await getSetup({ quiet: true });
      if (setup.needed) {
        set({ phase: 'setup' });
        return;
      }
      let me: Me;
      try {
        me = await getMe({ quiet: true });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          toLogin(null);
          return;
        }
        throw err;
      }
      setCredentials({ csrf_token: me.csrf_token });
      await enter(me);
    } catch (err) {
      const e = asApiError(err);
      if (e.status === 401) {
        toLogin(null);
        return;
      }
      set({ phase: 'unreachable', error: e });
    }
  }

  async function signedIn(result: SignIn): Promise<void> {
    setCredentials({ token: result.token, csrf_token: result.csrf_token });
    const me = { ...result.user, must_change_password: result.must_change_password || result.user.must_change_password };
    set({ loginName: me.username });
    await enter(me);
  }

  async function passwordChanged(): Promise<void> {
    const me = await getMe();
    setCredentials({ csrf_token: me.csrf_token });
    await enter({ ...me, must_change_password: false });
  }

  async function signOut(): Promise<void> {
    try {
      await apiSignOut();
    } catch {
      // The session may be gone already; the client forgets it either way.
    }
    toLogin('signed-out');
  }

  function listen(): () => void {
    return onAuthEvent((event) => {
      const { phase } = get(store);
      if (phase !== 'ready' && phase !== 'change-password') return;
      if (event === 'unauthorized') toLogin('session-ended');
      else set({ phase: 'change-password' });
    });
  }

  return {
    subscribe: store.subscribe,
    boot,
    signedIn,
    passwordChanged,
    setupDone: (username) => toLogin('setup-done', username),
    signOut,
    ended: () => toLogin('session-ended'),
    can: (...perms) => {
      const granted = get(store).permissions;
      return perms.every((p) => granted.has(p));
    },
    listen,
  };
}

const KEY = Symbol('innkeep.session');

/** provideSession makes s available to the components below the caller. */
export function provideSession(s: Session): Session {
  return setContext(KEY, s);
}

/** useSession returns the session provided by an ancestor. */
export function useSession(): Session {
  const s = getContext<Session | undefined>(KEY);
  if (!s) throw new Error('useSession: no session provided');
  return s;
}
