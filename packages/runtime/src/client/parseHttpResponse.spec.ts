import { parseHttpResponse } from './parseHttpResponse.js';

const response = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('parseHttpResponse', () => {
  describe('given a Content-Length body', () => {
    it('reads the status and exactly that many bytes, UTF-8 included', () => {
      const body = '{"word":"déjà"}';
      const raw = response(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      expect(parseHttpResponse(raw)).toEqual({ status: 200, body });
    });
  });

  describe('given a chunked body', () => {
    it('joins the chunks, ignoring chunk extensions', () => {
      const raw = response('HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\n{"a":\r\n3\r\n12}\r\n0\r\n\r\n');
      expect(parseHttpResponse(raw)).toEqual({ status: 404, body: '{"a":12}' });
    });
  });

  describe('given neither header', () => {
    it('takes everything after the head (the server closed the connection at its end)', () => {
      expect(parseHttpResponse(response('HTTP/1.0 204\r\nx: y\r\n\r\n'))).toEqual({ status: 204, body: '' });
    });
  });

  describe('given a malformed or short response', () => {
    it.each([
      ['no end of head', 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n'],
      ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
      ['a body shorter than its length', 'HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{}'],
      ['a non-numeric length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n{}'],
      ['a cut chunk', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n10\r\nabc'],
      ['a bad chunk size', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
      ['no last chunk', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n'],
    ])('throws a SyntaxError for %s', (_what, text) => {
      expect(() => parseHttpResponse(response(text))).toThrow(SyntaxError);
    });
  });
});
