/**
 * Detaching a socket from an I/O completion port (what Rust's listenfd does after
 * WSASocketW): NtSetInformationFile(handle, &iosb, &info, sizeof info,
 * FileReplaceCompletionInformation = 61) with a zeroed FILE_COMPLETION_INFORMATION.
 *
 * Why: a socket's completion-port association belongs to the kernel file object, which every
 * duplicate shares. When a previous child attached the socket to its event loop (libuv IOCP),
 * the next child's CreateIoCompletionPort fails unless the association is cleared first.
 * Windows 8.1+ only; best effort (returns false when it fails or is not implemented, e.g.
 * under Wine, which does not need it).
 *
 * Layouts (x64): IO_STATUS_BLOCK 16 bytes (union{NTSTATUS; PVOID} + ULONG_PTR);
 * FILE_COMPLETION_INFORMATION 16 bytes (HANDLE Port + PVOID Key).
 */
import { createRequire } from 'node:module';

type Koffi = typeof import('koffi');
type KoffiFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

const FILE_REPLACE_COMPLETION_INFORMATION = 61;
let setInformationFile: KoffiFunction | null = null;

export function detachFromCompletionPort(socket: number): boolean {
  try {
    if (!setInformationFile) {
      const koffi = createRequire(import.meta.url)('koffi') as Koffi;
      // FileHandle: a SOCKET is a kernel handle (HANDLE, 8 bytes).
      setInformationFile = koffi.load('ntdll.dll').func('int32_t __stdcall NtSetInformationFile(uint64 FileHandle, _Out_ uint8_t *IoStatusBlock, const uint8_t *FileInformation, uint32_t Length, int FileInformationClass)');
    }
    const iosb = Buffer.alloc(16);
    const info = Buffer.alloc(16);
    const status = setInformationFile(socket, iosb, info, info.length, FILE_REPLACE_COMPLETION_INFORMATION) as number;
    return status === 0; // STATUS_SUCCESS
  } catch {
    return false;
  }
}
