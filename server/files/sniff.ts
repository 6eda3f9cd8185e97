/** The relay's sniffing of uploads is the shared one (the client checks files the same way before uploading). */
export { IMAGE_TYPES, SHA256_HEX, sniffImageType, type ImageType } from '../../shared/imageFiles.ts';
