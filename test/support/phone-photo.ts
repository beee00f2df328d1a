// A JPEG as a phone writes it, with an EXIF segment naming the place it was
// taken, and the same JPEG as the bot must serve it (the EXIF segment gone):
// the one fixture of the photo tests on every platform.

export interface PhoneJpeg {
  photo: Uint8Array;
  stripped: Uint8Array;
}

export function phoneJpeg(): PhoneJpeg {
  const exif = [...Buffer.from("Exif\0\0GPSLatitude 60.1841 GPSLongitude 24.9503", "latin1")];
  const app1 = [0xff, 0xe1, 0, exif.length + 2, ...exif];
  const app0 = [0xff, 0xe0, 0, 7, ...Buffer.from("JFIF\0", "latin1")];
  const scan = [0xff, 0xda, 0, 3, 1, 0x42, 0x43, 0xff, 0xd9];
  return {
    photo: Uint8Array.from([0xff, 0xd8, ...app0, ...app1, ...scan]),
    stripped: Uint8Array.from([0xff, 0xd8, ...app0, ...scan]),
  };
}
