import { redactUrl } from './redactUrl.js';

describe('redactUrl', () => {
  describe('with a password in the authority', () => {
    it('masks a plain password and keeps user, host, port and path', () => {
      expect(redactUrl('redis://user:secret@127.0.0.1:6379/2')).toBe('redis://user:***@127.0.0.1:6379/2');
    });

    it('masks a password that contains @ (the last @ ends the credentials)', () => {
      const redacted = redactUrl('redis://user:p@ss@host:6379');
      expect(redacted).toBe('redis://user:***@host:6379');
      expect(redacted).not.toContain('p@ss');
    });

    it('masks a password without a user name', () => {
      expect(redactUrl('redis://:hunter2@host:6379')).toBe('redis://:***@host:6379');
    });
  });

  describe('with a password that breaks the URL', () => {
    it('answers scheme://*** for a password containing / (the rest does not parse as an authority)', () => {
      const redacted = redactUrl('postgres://:pa/ss@host/db');
      expect(redacted).toBe('postgres://***');
      expect(redacted).not.toContain('pa');
    });

    it('answers *** for a string without a scheme', () => {
      expect(redactUrl('//user:pw@host')).toBe('***');
    });

    it('hides a credential when no authority was recognised', () => {
      expect(redactUrl('redis:user:pw@host')).toBe('redis://***');
    });
  });

  describe('with secret query parameters', () => {
    it('masks password, pass, token and secret in any case and keeps the other parameters', () => {
      const redacted = redactUrl('https://api.example/x?password=x&a=1&Pass=y&token=t&SECRET=s');
      expect(redacted).toBe('https://api.example/x?password=***&a=1&Pass=***&token=***&SECRET=***');
    });

    it('masks a repeated secret parameter once, with both values gone', () => {
      const redacted = redactUrl('mysql://root@db/test?password=a&password=b');
      expect(redacted).toBe('mysql://root@db/test?password=***');
    });
  });

  describe('without credentials', () => {
    it('returns the URL unchanged', () => {
      expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
      expect(redactUrl('mysql://root@127.0.0.1:3306/test')).toBe('mysql://root@127.0.0.1:3306/test');
    });
  });
});
