// DPoP (RFC 9449) for the Step-up Bank page, kept apart from app.js: it wraps fetch so that
// - every token request to the authorization server carries a proof, which binds the tokens
//   to this browser session's key (token_type DPoP, cnf.jkt);
// - every API call with a DPoP-bound token goes out as "Authorization: DPoP <token>" with a
//   fresh proof for that exact method and URL (and ath, the token's hash);
// - a use_dpop_nonce refusal is retried once with the server's nonce, and the latest
//   DPoP-Nonce of each server is used from then on.
// The key is an ECDSA P-256 key made non-extractable: script can sign with it but never read
// it. It lives in IndexedDB (a CryptoKey survives the redirects of sign-in and step-up there)
// and is named in sessionStorage, so it belongs to this tab's session and a new session,
// or signing out (sessionStorage.clear()), starts with a new key.
(() => {
	'use strict';

	const config = document.body.dataset;
	const issuerOrigin = new URL(config.issuer).origin;
	const apiOrigin = new URL(config.apiUrl).origin;
	const KEY_NAME = 'bank.dpopKey';
	const nonces = new Map();
	const originalFetch = window.fetch.bind(window);

	function base64url(bytes) {
		return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
	}

	function base64urlText(text) {
		return base64url(new TextEncoder().encode(text));
	}

	function database() {
		return new Promise((resolve, reject) => {
			const request = indexedDB.open('stepup-bank-dpop', 1);
			request.onupgradeneeded = () => request.result.createObjectStore('keys');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	}

	function stored(db, mode, action) {
		return new Promise((resolve, reject) => {
			const transaction = db.transaction('keys', mode);
			const request = action(transaction.objectStore('keys'));
			transaction.oncomplete = () => resolve(request.result);
			transaction.onerror = () => reject(transaction.error);
		});
	}

	async function sessionKey() {
		const db = await database();
		const name = sessionStorage.getItem(KEY_NAME);
		const existing = name && await stored(db, 'readonly', (keys) => keys.get(name));
		if (existing) {
			return existing;
		}
		const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
		const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
		const key = { privateKey: pair.privateKey, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } };
		const fresh = base64url(crypto.getRandomValues(new Uint8Array(16)));
		// one key per browser: the keys of sessions that ended are of no use to anyone
		await stored(db, 'readwrite', (keys) => keys.clear());
		await stored(db, 'readwrite', (keys) => keys.put(key, fresh));
		sessionStorage.setItem(KEY_NAME, fresh);
		return key;
	}

	let keyPromise = null;

	function currentKey() {
		// sign-out clears sessionStorage: then the next call makes a new key
		if (!keyPromise || !sessionStorage.getItem(KEY_NAME)) {
			keyPromise = sessionKey();
		}
		return keyPromise;
	}

	async function proof(method, url, accessToken) {
		const key = await currentKey();
		const target = new URL(url);
		target.search = '';
		target.hash = '';
		const claims = {
			jti: base64url(crypto.getRandomValues(new Uint8Array(16))),
			htm: method.toUpperCase(),
			htu: target.href,
			iat: Math.floor(Date.now() / 1000),
		};
		if (accessToken) {
			claims.ath = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken)));
		}
		const nonce = nonces.get(target.origin);
		if (nonce) {
			claims.nonce = nonce;
		}
		const input = base64urlText(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk }))
			+ '.' + base64urlText(JSON.stringify(claims));
		// WebCrypto's ECDSA signature is already the r||s form JWS wants
		const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey,
			new TextEncoder().encode(input));
		return input + '.' + base64url(signature);
	}

	function isBound(token) {
		try {
			const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
			const claims = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
			return Boolean(claims.cnf && claims.cnf.jkt);
		}
		catch (error) {
			return false;
		}
	}

	async function needsNonce(response) {
		if (!response.headers.get('DPoP-Nonce')) {
			return false;
		}
		if (response.status === 401) {
			return /error="use_dpop_nonce"/.test(response.headers.get('WWW-Authenticate') || '');
		}
		if (response.status === 400) {
			const body = await response.clone().json().catch(() => ({}));
			return body.error === 'use_dpop_nonce';
		}
		return false;
	}

	async function send(url, init, accessToken) {
		const method = (init.method || 'GET').toUpperCase();
		for (let attempt = 0; ; attempt++) {
			const headers = new Headers(init.headers);
			if (accessToken) {
				headers.set('Authorization', 'DPoP ' + accessToken);
			}
			headers.set('DPoP', await proof(method, url, accessToken));
			const response = await originalFetch(url, { ...init, headers });
			const nonce = response.headers.get('DPoP-Nonce');
			if (nonce) {
				nonces.set(new URL(url).origin, nonce);
			}
			if (attempt > 0 || !(await needsNonce(response))) {
				return response;
			}
		}
	}

	window.fetch = (resource, init = {}) => {
		const url = new URL(typeof resource === 'string' ? resource : resource.url, location.href);
		const method = (init.method || 'GET').toUpperCase();
		if (url.origin === issuerOrigin && url.pathname.endsWith('/oauth2/token') && method === 'POST') {
			return send(url.href, init, null);
		}
		if (url.origin === apiOrigin) {
			const authorization = new Headers(init.headers).get('Authorization') || '';
			const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
			if (token && isBound(token)) {
				return send(url.href, init, token);
			}
		}
		return originalFetch(resource, init);
	};
})();
